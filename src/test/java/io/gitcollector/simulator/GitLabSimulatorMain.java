package io.gitcollector.simulator;

/**
 * Runs the GitLab simulator on its own, with one seeded project, for watching the whole flow offline:
 * <pre>./mvnw -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.gitcollector.simulator.GitLabSimulatorMain -Dexec.args="8082 acme/platform/backend"</pre>
 * Arguments: the port (default 8082) and the project's full path (default acme/platform/backend).
 */
public final class GitLabSimulatorMain {

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8082;
        String path = args.length > 1 ? args[1] : "acme/platform/backend";
        GitLabSimulator simulator = GitLabSimulator.start(port);
        SimulatedGitLabProject project = simulator.createProject(path).seed(200, 60, 3, 40, 4, 30);
        System.out.println("GitLab simulator API at " + simulator.apiUrl());
        System.out.println("Project " + project.url() + " (id " + project.id() + "): " + project.commits().size()
                + " commits, " + project.mergeRequests().size() + " merge requests, " + project.issues().size()
                + " issues, " + project.pipelines().size() + " pipelines");
        System.out.println("Start the collector with GITLAB_API_URL=" + simulator.apiUrl()
                + " and trigger {\"repository_url\": \"" + project.url() + "\"}. Ctrl-C stops.");
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
        Thread.currentThread().join();
    }
}
