package io.gitcollector.simulator;

/**
 * Runs the Gitea simulator on its own, for watching the collector against it offline:
 * <pre>./mvnw -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.gitcollector.simulator.GiteaSimulatorMain -Dexec.args="8084 demo/hello"</pre>
 * args[0] is the port (default 8084), args[1] the repository (default demo/hello).
 */
public final class GiteaSimulatorMain {

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8084;
        String[] repository = (args.length > 1 ? args[1] : "demo/hello").split("/", 2);
        GiteaSimulator simulator = GiteaSimulator.start(port);
        SimulatedGiteaRepository repo = simulator.createRepository(repository[0], repository[1]).seed(200, 40, 3, 30, 2);
        System.out.println("Gitea simulator API at " + simulator.apiUrl());
        System.out.println("Repository " + repo.url() + " (" + repo.commits().size() + " commits, " + repo.pulls().size()
                + " pull requests, " + repo.issues().size() + " issues, " + repo.comments().size() + " comments)");
        System.out.println("Start the collector with GITEA_API_URL=" + simulator.apiUrl()
                + " and trigger {\"repository_url\": \"" + repo.url() + "\"}. Ctrl-C stops.");
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
        Thread.currentThread().join();
    }
}
