package io.gitcollector.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the GitHub simulator on its own, for watching the whole flow offline (README, "Try it offline"):
 * <pre>./mvnw -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.gitcollector.simulator.GitHubSimulatorMain \
 *     -Dexec.args="--port 9900 --repository demo/hello --commits 500 --pulls 120 --reviews 3"</pre>
 */
public final class GitHubSimulatorMain {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of(
                "port", "9900", "repository", "demo/hello", "commits", "500", "pulls", "120", "reviews", "3"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !options.containsKey(args[i].substring(2))) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + options.keySet());
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        GitHubSimulator simulator = GitHubSimulator.start(Integer.parseInt(options.get("port")));
        String[] repository = options.get("repository").split("/", 2);
        SimulatedRepository repo = simulator.createRepository(repository[0], repository[1]).seed(
                Integer.parseInt(options.get("commits")), Integer.parseInt(options.get("pulls")),
                Integer.parseInt(options.get("reviews")));
        // The rest of what the collector reads: issues, comments, contributors, teams, protection, workflow runs.
        repo.seedEverything(Math.max(1, Integer.parseInt(options.get("pulls")) / 3), 1, 1, 8, 2, 20);
        System.out.println("GitHub simulator at " + simulator.apiUrl() + " serving " + repo.url()
                + " (" + repo.commitShas().size() + " commits, " + repo.pullIds().size() + " pull requests, "
                + repo.reviewIds().size() + " reviews)");
        System.out.println("Start the collector with GITHUB_API_URL=" + simulator.apiUrl()
                + " and trigger {\"repository_url\": \"" + repo.url() + "\"}. Ctrl-C stops.");
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
        Thread.currentThread().join();
    }
}
