package io.gitcollector.simulator;

/**
 * Runs the Gerrit simulator on its own, for watching the collector against it offline:
 * <pre>./mvnw -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.gitcollector.simulator.GerritSimulatorMain -Dexec.args="8085 platform/build"</pre>
 * args[0] is the port (default 8085), args[1] the project (default platform/build). Anonymous calls are answered;
 * the authenticated API under /a/ takes any credentials.
 */
public final class GerritSimulatorMain {

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8085;
        GerritSimulator simulator = GerritSimulator.start(port);
        SimulatedGerritProject project = simulator.createProject(args.length > 1 ? args[1] : "platform/build").seed(60, 120, 20);
        System.out.println("Gerrit simulator at " + simulator.baseUrl() + " (authenticated API " + simulator.apiUrl() + ")");
        System.out.println("Project " + project.url() + " (" + project.changes().size() + " changes)");
        System.out.println("Start the collector with GERRIT_API_URL=" + simulator.baseUrl()
                + " and trigger {\"repository_url\": \"" + project.url() + "\"}. Ctrl-C stops.");
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
        Thread.currentThread().join();
    }
}
