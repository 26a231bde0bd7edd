package io.gitcollector.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One Gerrit project and its changes, built from the documented shapes (api-shapes/gerrit): each change carries its
 * Code-Review votes, its messages and its current patch set's commit, as the list answers them with
 * DETAILED_LABELS, MESSAGES, CURRENT_REVISION and CURRENT_COMMIT. A clock that moves a minute per change keeps
 * {@code updated} distinct and ordered.
 */
public final class SimulatedGerritProject {

    static final Shapes SHAPES = new Shapes("gerrit");
    private static final DateTimeFormatter GERRIT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS000000", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String[][] ACCOUNTS = {
        {"1000096", "John Doe", "john.doe@example.com", "jdoe"},
        {"1000097", "Jane Roe", "jane.roe@example.com", "jroe"},
        {"1000098", "Max Mustermann", "max@example.com", "mmustermann"},
    };

    private final String name;
    private final String webUrl;
    private final List<ObjectNode> changes = new ArrayList<>();
    private final AtomicInteger numbers;
    private final Faults faults = new Faults();
    private Instant clock;
    private int messages;
    private String head = "refs/heads/main";

    SimulatedGerritProject(String name, String baseUrl, int firstNumber, Instant start) {
        this.name = name;
        this.webUrl = baseUrl + "/" + name;
        this.numbers = new AtomicInteger(firstNumber);
        this.clock = start;
    }

    /** {@code <baseUrl>/<project>}: the URL a collection is asked for. */
    public String url() {
        return webUrl;
    }

    public String name() {
        return name;
    }

    public Faults faults() {
        return faults;
    }

    String head() {
        return head;
    }

    public synchronized ObjectNode project() {
        ObjectNode project = SHAPES.example("project");
        project.put("id", java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8));
        project.put("name", name);
        ((ObjectNode) project.get("web_links").get(0)).put("url", "/plugins/gitiles/" + name);
        return project;
    }

    /** Every change, newest update first (Gerrit's order). */
    public synchronized List<ObjectNode> changes() {
        List<ObjectNode> sorted = new ArrayList<>(changes);
        sorted.sort((a, b) -> b.get("updated").asText().compareTo(a.get("updated").asText()));
        return sorted.stream().map(ObjectNode::deepCopy).toList();
    }

    /**
     * {@code open} changes under review, {@code merged} and {@code abandoned} ones; each has a vote of +2 or -1
     * from one reviewer (every third none), and one message from a person besides Gerrit's own.
     */
    public synchronized SimulatedGerritProject seed(int open, int merged, int abandoned) {
        for (int i = 0; i < open + merged + abandoned; i++) {
            int number = openChange();
            if (i % 3 != 2) {
                vote(number, 1 + i % 2, i % 2 == 0 ? 2 : -1);
            }
            comment(number, 2, "Please add a test for case " + i + ".");
            if (i >= open && i < open + merged) {
                merge(number);
            } else if (i >= open + merged) {
                abandon(number);
            }
        }
        return this;
    }

    /** A new change by the first account, with its first patch set; its number. */
    public synchronized int openChange() {
        int number = numbers.getAndIncrement();
        String created = tick();
        ObjectNode change = SHAPES.example("change", 0);
        String changeId = "I" + SimulatorServer.sha1(name + number);
        String sha = SimulatorServer.sha1(name + "/" + number + "/1");
        change.put("id", java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8) + "~" + number);
        change.put("triplet_id", java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8) + "~main~" + changeId);
        change.put("project", name);
        change.put("change_id", changeId);
        change.put("subject", "Change " + number + " of " + name);
        change.put("status", "NEW");
        change.put("created", created);
        change.put("updated", created);
        change.remove(List.of("submitted", "submitter", "topic"));
        change.put("_number", number);
        change.put("virtual_id_number", number);
        change.put("insertions", 3 + number % 40);
        change.put("deletions", number % 7);
        change.set("owner", account(0));
        ObjectNode codeReview = (ObjectNode) change.get("labels").get("Code-Review");
        codeReview.putArray("all");
        change.putObject("reviewers");
        ArrayNode messageList = change.putArray("messages");
        messageList.add(message(0, created, "Uploaded patch set 1.", "autogenerated:gerrit:newPatchSet"));
        ObjectNode revision = (ObjectNode) change.get("revisions").elements().next();
        ObjectNode commit = (ObjectNode) revision.get("commit");
        commit.put("subject", change.get("subject").asText());
        commit.put("message", change.get("subject").asText() + "\n\nChange-Id: " + changeId + "\n");
        ((ObjectNode) commit.get("parents").get(0)).put("commit", SimulatorServer.sha1(name + "/parent/" + number));
        for (String who : List.of("author", "committer")) {
            ((ObjectNode) commit.get(who)).put("name", ACCOUNTS[0][1]).put("email", ACCOUNTS[0][2]).put("date", created);
        }
        revision.put("created", created);
        revision.put("ref", "refs/changes/" + String.format("%02d", number % 100) + "/" + number + "/1");
        revision.set("uploader", account(0));
        change.putObject("revisions").set(sha, revision);
        change.put("current_revision", sha);
        change.remove("_more_changes");
        changes.add(change);
        return number;
    }

    /**
     * A Code-Review vote (a second vote by the same account replaces the first, as in Gerrit), with the message
     * Gerrit writes for it in the voter's name; that message's id.
     */
    public synchronized String vote(int number, int account, int value) {
        ObjectNode change = change(number);
        String at = tick();
        ArrayNode all = (ArrayNode) change.get("labels").get("Code-Review").get("all");
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).get("_account_id").asText().equals(ACCOUNTS[account][0])) {
                all.remove(i);
            }
        }
        ObjectNode approval = account(account);
        approval.put("value", value);
        approval.put("date", at);
        approval.putObject("permitted_voting_range").put("min", -2).put("max", 2);
        all.add(approval);
        ArrayNode reviewers = ((ObjectNode) change.get("reviewers")).withArray("REVIEWER");
        boolean known = false;
        for (var r : reviewers) {
            known |= r.get("_account_id").asText().equals(ACCOUNTS[account][0]);
        }
        if (!known) {
            reviewers.add(account(account));
        }
        ObjectNode message = message(account, at, "Patch Set 1: Code-Review" + (value > 0 ? "+" : "") + value, null);
        ((ArrayNode) change.get("messages")).add(message);
        change.put("updated", at);
        return message.get("id").asText();
    }

    /** A message a person writes on the change; its id. */
    public synchronized String comment(int number, int account, String text) {
        ObjectNode change = change(number);
        String at = tick();
        ObjectNode message = message(account, at, "Patch Set 1:\n\n" + text, null);
        ((ArrayNode) change.get("messages")).add(message);
        change.put("updated", at);
        return message.get("id").asText();
    }

    /** Submits the change: MERGED, submitted by the second account. */
    public synchronized void merge(int number) {
        ObjectNode change = change(number);
        String at = tick();
        change.put("status", "MERGED");
        change.put("submitted", at);
        change.set("submitter", account(1));
        ((ArrayNode) change.get("messages")).add(message(1, at, "Change has been successfully merged by Jane Roe",
                "autogenerated:gerrit:merged"));
        change.put("updated", at);
    }

    public synchronized void abandon(int number) {
        ObjectNode change = change(number);
        String at = tick();
        change.put("status", "ABANDONED");
        ((ArrayNode) change.get("messages")).add(message(0, at, "Abandoned", "autogenerated:gerrit:abandon"));
        change.put("updated", at);
    }

    private ObjectNode change(int number) {
        return changes.stream().filter(c -> c.get("_number").asInt() == number).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no change " + number + " in " + name));
    }

    private ObjectNode message(int account, String at, String text, String tag) {
        ObjectNode message = Shapes.MAPPER.createObjectNode();
        message.put("id", SimulatorServer.sha1(name + "/message/" + (++messages)).substring(0, 12));
        if (tag != null) {
            message.put("tag", tag);
        }
        message.set("author", account(account));
        message.set("real_author", account(account));
        message.put("date", at);
        message.put("message", text);
        message.put("_revision_number", 1);
        return message;
    }

    private static ObjectNode account(int index) {
        ObjectNode account = Shapes.MAPPER.createObjectNode();
        account.put("_account_id", Integer.parseInt(ACCOUNTS[index][0]));
        account.put("name", ACCOUNTS[index][1]);
        account.put("email", ACCOUNTS[index][2]);
        account.put("username", ACCOUNTS[index][3]);
        return account;
    }

    /** The project's clock moves a minute and gives the new time in Gerrit's format. */
    private String tick() {
        clock = clock.plusSeconds(60);
        return GERRIT_TIME.format(clock);
    }
}
