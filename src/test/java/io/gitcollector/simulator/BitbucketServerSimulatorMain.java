package io.gitcollector.simulator;

/**
 * Runs the Bitbucket Data Center simulator on its own, for watching the collector against it offline:
 * <pre>./mvnw -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.gitcollector.simulator.BitbucketServerSimulatorMain -Dexec.args="8085 PRJ/my-repo"</pre>
 * args[0] is the port (default 8085), args[1] the repository as PROJECT/slug (default PRJ/my-repo).
 */
public final class BitbucketServerSimulatorMain {

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8085;
        String[] repository = (args.length > 1 ? args[1] : "PRJ/my-repo").split("/", 2);
        BitbucketServerSimulator simulator = BitbucketServerSimulator.start(port);
        SimulatedBitbucketServerRepository repo = simulator.createRepository(repository[0], repository[1]).seed(200, 30);
        System.out.println("Bitbucket Data Center simulator API at " + simulator.apiUrl());
        System.out.println("Repository " + repo.url() + " (" + repo.commits().size() + " commits, "
                + repo.pullRequests().size() + " pull requests)");
        System.out.println("Start the collector with BITBUCKET_SERVER_API_URL=" + simulator.apiUrl()
                + " and trigger {\"repository_url\": \"" + repo.url() + "\"}. Ctrl-C stops.");
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
        Thread.currentThread().join();
    }
}
