package io.gitcollector.simulator;

/**
 * Runs the Bitbucket Cloud simulator on its own, for watching the whole flow offline:
 * <pre>./mvnw -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.gitcollector.simulator.BitbucketSimulatorMain -Dexec.args="8083 demo/hello"</pre>
 * args[0] is the port (default 8083), args[1] the repository as workspace/slug (default demo/hello).
 */
public final class BitbucketSimulatorMain {

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8083;
        String[] name = (args.length > 1 ? args[1] : "demo/hello").split("/", 2);
        BitbucketSimulator simulator = BitbucketSimulator.start(port);
        SimulatedBitbucketRepository repository = simulator.createRepository(name[0], name[1])
                .seed(120, 40, 3, 30, 2, 25);
        System.out.println("Bitbucket simulator API URL: " + simulator.apiUrl());
        System.out.println("Repository URL: " + repository.url() + " (" + repository.commits().size() + " commits, "
                + repository.pullRequests().size() + " pull requests, " + repository.issues().size() + " issues, "
                + repository.pipelines().size() + " pipelines)");
        System.out.println("Start the collector with BITBUCKET_API_URL=" + simulator.apiUrl()
                + " and trigger {\"repository_url\": \"" + repository.url() + "\"}. Ctrl-C stops.");
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
        Thread.currentThread().join();
    }
}
