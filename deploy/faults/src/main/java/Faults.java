// The fault suite's Java side (deploy/faults/run starts it; see the top of that script). A single-file source
// program: `java -cp 'deploy/faults/target/lib/*' deploy/faults/src/main/java/Faults.java <command> key=value...`.
//
//   load    an identity provider's retrying load: many concurrent clients, each creating users one after
//           the other and retrying a create with the SAME body until it gets an answer that is not a 503,
//           429, other 5xx, timeout or connection error, honouring Retry-After. Every attempt is a line of
//           requests.tsv. It stops once it has the target of acknowledged creates, the script has marked the
//           fault as over (file "recovered") and enough creates were acknowledged after that mark; or at its
//           time limit; or when nothing was acknowledged for stall seconds after the mark.
//   poison  a poison tenant's load (NUL characters, a 4,000-character random userName, a 100 KB userName,
//           duplicate JSON keys) and raw poison records written straight onto the pipeline's topics.
//   groups  prints the members of the projector's consumer groups and the partitions each one holds.
//   check   compares the acknowledged creates with the real stores (PostgreSQL directory.users and the
//           read_committed topic users.changes.v1) and appends one row to the results table.
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

public class Faults {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int IO_ERROR = -1;
    static final int TIMED_OUT = -2;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        switch (args[0]) {
            case "load" -> new Load(options).run();
            case "poison" -> new Poison(options).run();
            case "check" -> new Check(options).run();
            case "groups" -> groups(required(options, "bootstrap"));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    static String required(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing " + key + "=");
        }
        return value;
    }

    /** "slug token" lines. */
    static Map<String, String> tenants(Path file) throws IOException {
        Map<String, String> tenants = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                String[] parts = line.trim().split("\\s+");
                tenants.put(parts[0], parts[1]);
            }
        }
        return tenants;
    }

    static HttpClient httpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** One HTTP attempt: status (or IO_ERROR / TIMED_OUT), headers and body. */
    record Attempt(long startMs, long endMs, int status, String retryAfter, String body) {
    }

    static Attempt post(HttpClient http, String url, String token, byte[] body, Duration timeout) {
        long start = System.currentTimeMillis();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/scim+json")
                    .header("User-Agent", "fault-suite")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Attempt(start, System.currentTimeMillis(), response.statusCode(),
                    response.headers().firstValue("Retry-After").orElse(null), response.body());
        } catch (HttpTimeoutException e) {
            return new Attempt(start, System.currentTimeMillis(), TIMED_OUT, null, "timeout");
        } catch (IOException e) {
            return new Attempt(start, System.currentTimeMillis(), IO_ERROR, null,
                    e instanceof ConnectException ? "connection refused" : String.valueOf(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(start, System.currentTimeMillis(), IO_ERROR, null, "interrupted");
        }
    }

    static String oneLine(String text, int max) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("[\\t\\r\\n]+", " ");
        return flat.length() > max ? flat.substring(0, max) : flat;
    }

    static void writeAtomically(Path file, String content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void groups(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            var groups = admin.describeConsumerGroups(List.of("user-projector", "user-projector-directory"))
                    .all().get(30, TimeUnit.SECONDS);
            int holding = 0;
            for (var group : groups.values()) {
                List<String> members = new ArrayList<>();
                if (group.groupId().equals("user-projector")) {
                    holding = (int) group.members().stream()
                            .filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
                }
                for (var member : group.members()) {
                    members.add(member.host() + " " + member.assignment().topicPartitions().stream()
                            .map(tp -> tp.topic().replaceFirst("^provisioning\\.", "") + "-" + tp.partition())
                            .sorted().toList());
                }
                System.out.println("  group " + group.groupId() + " (" + group.groupState() + "): " + members.size()
                        + " members " + members);
            }
            System.out.println("HOLDING " + holding); // instances of the projector holding command partitions
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------------------------------------ load

    static final class Load {
        final String base;
        final Map<String, String> tenants;
        final Path out;
        final int target;
        final int clients;
        final Duration requestTimeout;
        final long maxMs;
        final long stallMs;
        final int minAfterRecovery;
        final String prefix;
        final HttpClient http = httpClient();
        final AtomicInteger acks = new AtomicInteger();
        final AtomicInteger acksAfterRecovery = new AtomicInteger();
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger unresolved = new AtomicInteger();
        final AtomicLong lastAckMs = new AtomicLong(System.currentTimeMillis());
        volatile boolean stopNewWork;
        volatile long recoveredMs;
        volatile long drainDeadlineMs = Long.MAX_VALUE;
        volatile long stopMs;
        final BufferedWriter requests;

        Load(Map<String, String> o) throws IOException {
            base = required(o, "base");
            tenants = tenants(Path.of(required(o, "tenants")));
            out = Path.of(required(o, "out"));
            target = Integer.parseInt(o.getOrDefault("target", "3000"));
            clients = Integer.parseInt(o.getOrDefault("clients", "48"));
            requestTimeout = Duration.ofSeconds(Long.parseLong(o.getOrDefault("request-timeout", "30")));
            maxMs = 1000 * Long.parseLong(o.getOrDefault("max-seconds", "300"));
            stallMs = 1000 * Long.parseLong(o.getOrDefault("stall-seconds", "60"));
            minAfterRecovery = Integer.parseInt(o.getOrDefault("min-after-recovery", "300"));
            prefix = required(o, "prefix");
            requests = Files.newBufferedWriter(out.resolve("requests.tsv"), StandardCharsets.UTF_8);
        }

        void run() throws Exception {
            long start = System.currentTimeMillis();
            List<String> slugs = new ArrayList<>(tenants.keySet());
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            for (int c = 0; c < clients; c++) {
                String slug = slugs.get(c % slugs.size());
                int client = c;
                pool.submit(() -> client(slug, client));
            }
            pool.shutdown();
            String reason = null;
            while (!pool.awaitTermination(200, TimeUnit.MILLISECONDS)) {
                long now = System.currentTimeMillis();
                if (recoveredMs == 0 && Files.exists(out.resolve("recovered"))) {
                    recoveredMs = now;
                }
                if (reason == null) {
                    if (acks.get() >= target && recoveredMs != 0 && acksAfterRecovery.get() >= minAfterRecovery) {
                        reason = "target reached";
                    } else if (now - start > maxMs) {
                        reason = "time limit (" + maxMs / 1000 + " s)";
                    } else if (recoveredMs != 0 && now - Math.max(recoveredMs, lastAckMs.get()) > stallMs) {
                        reason = "stalled: nothing acknowledged for " + stallMs / 1000 + " s after the fault was over";
                    } else if (Files.exists(out.resolve("stop"))) {
                        reason = "stopped by the script";
                    }
                    if (reason != null) {
                        stopNewWork = true;
                        stopMs = now;
                        // creates already sent are retried a while longer, as an IdP would; a wedged pipeline
                        // would keep them forever
                        drainDeadlineMs = now + (reason.startsWith("target") ? 60_000 : 20_000);
                    }
                }
                writeProgress(start, reason);
            }
            synchronized (requests) {
                requests.flush();
            }
            writeProgress(start, reason);
            writeAtomically(out.resolve("load.summary"), "acks=" + acks.get() + "\nattempts=" + attempts.get()
                    + "\nunresolved=" + unresolved.get() + "\nstart_ms=" + start + "\nend_ms="
                    + System.currentTimeMillis() + "\nstop_ms=" + stopMs + "\nstop_reason=" + reason + "\n");
            System.exit(0);
        }

        void writeProgress(long start, String reason) throws IOException {
            synchronized (requests) {
                requests.flush();
            }
            writeAtomically(out.resolve("progress"), acks.get() + " " + attempts.get() + " "
                    + (System.currentTimeMillis() - start) / 1000 + " " + (reason == null ? "running" : "stopping") + "\n");
        }

        void client(String slug, int client) {
            String token = tenants.get(slug);
            String url = base + "/api/" + slug + "/scim/v2/Users";
            int seq = 0;
            try {
                while (!stopNewWork) {
                    seq++;
                    String userName = prefix + "-c" + client + "-" + seq + "@example.com";
                    String externalId = UUID.randomUUID().toString();
                    create(slug, token, url, userName, externalId);
                }
            } catch (Throwable e) {
                e.printStackTrace();
            }
        }

        void create(String slug, String token, String url, String userName, String externalId) throws Exception {
            String given = "Given" + ThreadLocalRandom.current().nextInt(100000);
            byte[] body = ("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                    + "\"userName\":\"" + userName + "\",\"externalId\":\"" + externalId + "\","
                    + "\"name\":{\"givenName\":\"" + given + "\",\"familyName\":\"Fault\"},"
                    + "\"displayName\":\"" + given + " Fault\",\"title\":\"Engineer\","
                    + "\"emails\":[{\"value\":\"" + userName + "\",\"type\":\"work\",\"primary\":true}],"
                    + "\"active\":true}").getBytes(StandardCharsets.UTF_8);
            for (int attempt = 1; ; attempt++) {
                Attempt a = post(http, url, token, body, requestTimeout);
                attempts.incrementAndGet();
                String userId = "";
                if (a.status() / 100 == 2) {
                    try {
                        userId = JSON.readTree(a.body()).path("id").asText("");
                    } catch (IOException e) {
                        userId = "unparsable";
                    }
                }
                record(slug, userName, externalId, attempt, a, userId);
                if (a.status() / 100 == 2) {
                    acks.incrementAndGet();
                    if (recoveredMs != 0) {
                        acksAfterRecovery.incrementAndGet();
                    }
                    lastAckMs.set(a.endMs());
                    return;
                }
                boolean retry = a.status() == IO_ERROR || a.status() == TIMED_OUT || a.status() == 429
                        || a.status() >= 500;
                if (!retry) {
                    return; // a definitive answer (4xx): recorded, nothing to retry
                }
                long pause = 1000;
                if (a.retryAfter() != null) {
                    try {
                        pause = Math.min(30, Long.parseLong(a.retryAfter().trim())) * 1000;
                    } catch (NumberFormatException e) {
                        pause = 1000;
                    }
                }
                if (System.currentTimeMillis() + pause > drainDeadlineMs) {
                    unresolved.incrementAndGet();
                    return;
                }
                Thread.sleep(pause);
            }
        }

        void record(String slug, String userName, String externalId, int attempt, Attempt a, String userId)
                throws IOException {
            String detail = a.status() / 100 == 2 ? "" : oneLine(a.body(), 160);
            String line = slug + "\t" + userName + "\t" + externalId + "\t" + attempt + "\t" + a.startMs() + "\t"
                    + a.endMs() + "\t" + a.status() + "\t" + userId + "\t" + detail + "\n";
            synchronized (requests) {
                requests.write(line);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- poison

    static final class Poison {
        final String base;
        final String slug;
        final String token;
        final Path out;
        final String bootstrap;
        final long seconds;
        final Duration requestTimeout;
        final HttpClient http = httpClient();

        Poison(Map<String, String> o) {
            base = required(o, "base");
            slug = required(o, "tenant");
            token = required(o, "token");
            out = Path.of(required(o, "out"));
            bootstrap = required(o, "bootstrap");
            seconds = Long.parseLong(o.getOrDefault("seconds", "30"));
            requestTimeout = Duration.ofSeconds(Long.parseLong(o.getOrDefault("request-timeout", "30")));
        }

        static String random(int length) {
            String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éßøλжあ漢";
            StringBuilder s = new StringBuilder(length);
            ThreadLocalRandom r = ThreadLocalRandom.current();
            for (int i = 0; i < length; i++) {
                s.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            return s.toString();
        }

        static String user(String userName, String displayName, String givenName, String externalId) {
            return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                    + "\",\"externalId\":\"" + externalId + "\",\"name\":{\"givenName\":\"" + givenName
                    + "\",\"familyName\":\"Poison\"},\"displayName\":\"" + displayName + "\",\"active\":true}";
        }

        /** Kind of poison -> a new request body of that kind. The NUL travels as the JSON escape \u0000. */
        static Map<String, java.util.function.Supplier<String>> kinds() {
            Map<String, java.util.function.Supplier<String>> kinds = new LinkedHashMap<>();
            kinds.put("nul-userName", () -> user("nul\\u0000" + random(8) + "@example.com", "NUL in userName",
                    "Nul", UUID.randomUUID().toString()));
            kinds.put("nul-displayName", () -> user("dn-" + random(10) + "@example.com", "Display\\u0000Name",
                    "Nul", UUID.randomUUID().toString()));
            kinds.put("nul-givenName", () -> user("gn-" + random(10) + "@example.com", "NUL in name",
                    "Gi\\u0000ven", UUID.randomUUID().toString()));
            kinds.put("nul-externalId", () -> user("ext-" + random(10) + "@example.com", "NUL in externalId",
                    "Nul", "ext\\u0000" + UUID.randomUUID()));
            kinds.put("userName-4000-chars", () -> user(random(4000), "Long userName", "Long",
                    UUID.randomUUID().toString()));
            kinds.put("userName-100KB", () -> user(random(100 * 1024), "Huge userName", "Huge",
                    UUID.randomUUID().toString()));
            kinds.put("duplicate-keys", () -> {
                String a = "dup-a-" + random(8) + "@example.com";
                String b = "dup-b-" + random(8) + "@example.com";
                return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + a
                        + "\",\"userName\":\"" + b + "\",\"externalId\":\"" + UUID.randomUUID()
                        + "\",\"active\":true,\"active\":false,\"displayName\":\"Dup\",\"displayName\":\"Dup2\"}";
            });
            return kinds;
        }

        void run() throws Exception {
            Path file = out.resolve("poison.tsv");
            BufferedWriter lines = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            long end = System.currentTimeMillis() + seconds * 1000;
            raw(lines);
            Map<String, java.util.function.Supplier<String>> kinds = kinds();
            List<String> names = new ArrayList<>(kinds.keySet());
            String url = base + "/api/" + slug + "/scim/v2/Users";
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            for (int w = 0; w < 2; w++) {
                int worker = w;
                pool.submit(() -> {
                    int i = worker;
                    while (System.currentTimeMillis() < end) {
                        String kind = names.get(i++ % names.size());
                        Attempt a = post(http, url, token, kinds.get(kind).get().getBytes(StandardCharsets.UTF_8),
                                requestTimeout);
                        synchronized (lines) {
                            try {
                                lines.write("http\t" + kind + "\t" + a.status() + "\t" + (a.endMs() - a.startMs())
                                        + "\t" + oneLine(a.body(), 200) + "\n");
                                lines.flush();
                            } catch (IOException e) {
                                throw new RuntimeException(e);
                            }
                        }
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            return null;
                        }
                    }
                    return null;
                });
            }
            pool.shutdown();
            pool.awaitTermination(seconds + 2 * requestTimeout.toSeconds() + 10, TimeUnit.SECONDS);
            synchronized (lines) {
                lines.close();
            }
            System.exit(0);
        }

        /** Poison straight onto the topics, bypassing ingest-api's validation. */
        void raw(BufferedWriter lines) throws Exception {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new StringSerializer())) {
                String userId = UUID.randomUUID().toString();
                String command = "{\"command\":\"CreateUser\",\"requestId\":\"" + UUID.randomUUID() + "\",\"tenant\":\""
                        + slug + "\",\"source\":\"OTHER_SCIM_CLIENT\",\"issuedAt\":\"" + Instant.now() + "\",\"userId\":\""
                        + userId + "\",\"attributes\":{\"userName\":\"raw\\u0000nul-" + random(6)
                        + "@example.com\",\"externalId\":\"" + UUID.randomUUID() + "\",\"name\":{\"givenName\":\"Raw\","
                        + "\"familyName\":\"Nul\"},\"displayName\":\"Raw\\u0000Nul\",\"emails\":[],\"active\":true}}";
                var commandSent = producer.send(new ProducerRecord<>("provisioning.commands.v1", slug, command)).get();
                lines.write("kafka\tCreateUser-with-NUL on provisioning.commands.v1\tpartition " + commandSent.partition()
                        + " offset " + commandSent.offset() + "\t0\tuserId " + userId + "\n");
                var garbageSent = producer.send(new ProducerRecord<>("provisioning.decisions.v1", slug,
                        "this is not JSON \u0001\u0002 {{{")).get();
                lines.write("kafka\tgarbage on provisioning.decisions.v1\tpartition " + garbageSent.partition()
                        + " offset " + garbageSent.offset() + "\t0\t\n");
                lines.flush();
            }
        }
    }

    // ----------------------------------------------------------------------------------------------- check

    record Request(String tenant, String userName, String externalId, int attempt, long startMs, long endMs,
                   int status, String userId, String detail) {
    }

    record Event(String tenant, String userId, String userName, String type, long version) {
    }

    static final class Check {
        final Map<String, String> o;
        final String scenario;
        final Path dir;
        final Set<String> tenants;
        final String jdbc;
        final String dbUser;
        final String bootstrap;
        final long faultMs;
        final long timeoutMs;
        final long marginMs;
        final long settleMs;
        final long poisonWindowMs;
        final Path results;

        Check(Map<String, String> o) throws IOException {
            this.o = o;
            scenario = required(o, "scenario");
            dir = Path.of(required(o, "dir"));
            Set<String> all = new HashSet<>(tenants(Path.of(required(o, "tenants"))).keySet());
            if (o.containsKey("poison-tenant")) {
                all.add(o.get("poison-tenant")); // its events need their rows too; it has no acknowledged creates
            }
            tenants = all;
            jdbc = required(o, "jdbc");
            dbUser = o.getOrDefault("db-user", "thestorage");
            bootstrap = required(o, "bootstrap");
            String fault = Files.exists(dir.resolve("fault.ms")) ? Files.readString(dir.resolve("fault.ms")).trim() : "0";
            faultMs = Long.parseLong(fault);
            timeoutMs = 1000 * Long.parseLong(o.getOrDefault("outcome-timeout", "10"));
            marginMs = 1000 * Long.parseLong(o.getOrDefault("margin", "2"));
            settleMs = 1000 * Long.parseLong(o.getOrDefault("settle-seconds", "30"));
            poisonWindowMs = 1000 * Long.parseLong(o.getOrDefault("poison-seconds", "0"));
            results = Path.of(required(o, "results"));
        }

        void run() throws Exception {
            List<Request> requests = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("requests.tsv"), StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                if (f.length < 9) {
                    continue;
                }
                requests.add(new Request(f[0], f[1], f[2], Integer.parseInt(f[3]), Long.parseLong(f[4]),
                        Long.parseLong(f[5]), Integer.parseInt(f[6]), f[7], f[8]));
            }
            Map<String, String> summary = new HashMap<>();
            if (Files.exists(dir.resolve("load.summary"))) {
                for (String line : Files.readAllLines(dir.resolve("load.summary"))) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        summary.put(line.substring(0, eq), line.substring(eq + 1));
                    }
                }
            }
            Map<String, Request> acked = new LinkedHashMap<>(); // tenant \t lower(userName) -> the 2xx
            for (Request r : requests) {
                if (r.status() / 100 == 2) {
                    acked.put(r.tenant() + "\t" + r.userName().toLowerCase(Locale.ROOT), r);
                }
            }
            int non503 = 0;
            int slow = 0;
            int timeouts = 0;
            int ioErrors = 0;
            int status503 = 0;
            long maxLatency = 0;
            Map<Integer, Integer> unexpected = new TreeMap<>();
            Map<String, String> unexpectedDetail = new TreeMap<>();
            for (Request r : requests) {
                long latency = r.endMs() - r.startMs();
                maxLatency = Math.max(maxLatency, latency);
                if (latency > timeoutMs + marginMs) {
                    slow++;
                }
                if (r.status() >= 500 && r.status() != 503) {
                    non503++;
                    unexpectedDetail.putIfAbsent(String.valueOf(r.status()), r.detail());
                }
                if (r.status() == 503) {
                    status503++;
                }
                if (r.status() == TIMED_OUT) {
                    timeouts++;
                }
                if (r.status() == IO_ERROR) {
                    ioErrors++;
                }
                if (r.status() >= 400 && r.status() < 500 && r.status() != 429) {
                    unexpected.merge(r.status(), 1, Integer::sum);
                    unexpectedDetail.putIfAbsent(String.valueOf(r.status()), r.detail());
                }
            }

            // the poison tenant's own answers: a 400 is right; a 2xx took poison in, a 5xx other than 503 is a fault
            int poisonAccepted = 0;
            Map<String, Integer> poisonAnswers = new TreeMap<>();
            Path poisonFile = dir.resolve("poison.tsv");
            if (Files.exists(poisonFile)) {
                for (String line : Files.readAllLines(poisonFile, StandardCharsets.UTF_8)) {
                    String[] f = line.split("\t", -1);
                    if (f.length < 4 || !f[0].equals("http")) {
                        continue;
                    }
                    int status = Integer.parseInt(f[2]);
                    long latency = Long.parseLong(f[3]);
                    poisonAnswers.merge(String.valueOf(status), 1, Integer::sum);
                    maxLatency = Math.max(maxLatency, latency);
                    if (latency > timeoutMs + marginMs) {
                        slow++;
                    }
                    if (status >= 500 && status != 503) {
                        non503++;
                    }
                    if (status / 100 == 2) {
                        poisonAccepted++;
                    }
                }
            }

            // the stores: rows of the scenario's tenants, and every change event of them, read_committed
            Map<String, Integer> createdEvents = new HashMap<>();    // tenant \t userId -> USER_CREATED count
            Map<String, Integer> createdByName = new HashMap<>();    // tenant \t lower(userName) -> USER_CREATED count
            Set<String> eventUsers = new HashSet<>();                 // tenant \t userId of any event
            Map<String, List<String>> rowsByName = new HashMap<>();  // tenant \t lower(userName) -> ids
            Set<String> rowIds = new HashSet<>();
            int lost = 0;
            int duplicated = 0;
            int eventsWithoutRow = 0;
            int wrongId = 0;
            List<String> samples = new ArrayList<>();
            Properties cp = new Properties();
            cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            cp.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
            long deadline = System.currentTimeMillis() + settleMs;
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp, new StringDeserializer(),
                    new StringDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor("users.changes.v1", Duration.ofSeconds(30))
                        .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (true) {
                    // read the topic up to its last stable offset, as it is now
                    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
                    while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                            String tenant = record.key() == null ? "" : record.key().split("/", 2)[0];
                            if (!tenants.contains(tenant) || record.value() == null) {
                                continue;
                            }
                            JsonNode event = JSON.readTree(record.value());
                            String t = event.path("tenant").asText();
                            String userId = event.path("userId").asText();
                            eventUsers.add(t + "\t" + userId);
                            if ("USER_CREATED".equals(event.path("type").asText())) {
                                createdEvents.merge(t + "\t" + userId, 1, Integer::sum);
                                createdByName.merge(t + "\t" + event.path("user").path("userName").asText()
                                        .toLowerCase(Locale.ROOT), 1, Integer::sum);
                            }
                        }
                    }
                    rowsByName.clear();
                    rowIds.clear();
                    try (Connection db = DriverManager.getConnection(jdbc, dbUser, o.getOrDefault("db-password", ""));
                         PreparedStatement q = db.prepareStatement(
                                 "SELECT tenant, id, user_name FROM directory.users WHERE tenant = ANY (?)")) {
                        q.setArray(1, db.createArrayOf("text", tenants.toArray()));
                        try (ResultSet rs = q.executeQuery()) {
                            while (rs.next()) {
                                String t = rs.getString(1);
                                rowIds.add(t + "\t" + rs.getString(2));
                                rowsByName.computeIfAbsent(t + "\t" + rs.getString(3).toLowerCase(Locale.ROOT),
                                        k -> new ArrayList<>()).add(rs.getString(2));
                            }
                        }
                    }
                    lost = 0;
                    duplicated = 0;
                    wrongId = 0;
                    eventsWithoutRow = 0;
                    samples.clear();
                    for (Map.Entry<String, Request> a : acked.entrySet()) {
                        Request r = a.getValue();
                        List<String> ids = rowsByName.getOrDefault(a.getKey(), List.of());
                        int events = createdEvents.getOrDefault(r.tenant() + "\t" + r.userId(), 0);
                        int eventsByName = createdByName.getOrDefault(a.getKey(), 0);
                        if (!ids.contains(r.userId()) || events == 0) {
                            lost++;
                            if (!ids.isEmpty() && !ids.contains(r.userId())) {
                                wrongId++;
                            }
                            sample(samples, "lost: " + r.tenant() + " " + r.userName() + " id " + r.userId() + " rows "
                                    + ids + " USER_CREATED events " + events);
                        } else if (ids.size() > 1 || events > 1 || eventsByName > 1) {
                            duplicated++;
                            sample(samples, "duplicated: " + r.tenant() + " " + r.userName() + " rows " + ids
                                    + " USER_CREATED events of its id " + events + ", of its userName " + eventsByName);
                        }
                    }
                    for (String user : eventUsers) {
                        if (!rowIds.contains(user)) {
                            eventsWithoutRow++;
                            sample(samples, "event without row: " + user.replace('\t', ' '));
                        }
                    }
                    if ((lost == 0 && eventsWithoutRow == 0) || System.currentTimeMillis() > deadline) {
                        break;
                    }
                    Thread.sleep(2000); // an event whose row is still on its way: give the materializer time
                }
            }

            // what became of the raw CreateUser with a NUL: no row can hold it, so no event may announce it either
            String rawFate = "";
            if (Files.exists(poisonFile)) {
                for (String line : Files.readAllLines(poisonFile, StandardCharsets.UTF_8)) {
                    int at = line.indexOf("\tuserId ");
                    if (line.startsWith("kafka\t") && at > 0) {
                        String userId = line.substring(at + "\tuserId ".length()).trim();
                        String key = o.get("poison-tenant") + "\t" + userId;
                        rawFate = "  the raw CreateUser with a NUL (user " + userId + "): " + (rowIds.contains(key) ? 1 : 0)
                                + " rows, " + createdEvents.getOrDefault(key, 0) + " USER_CREATED events\n";
                    }
                }
            }

            // recovery: for each tenant, from the fault to the first 2xx of a request sent after it; the slowest
            double recovery = Double.NaN;
            String slowestTenant = "";
            if (faultMs > 0) {
                Map<String, Long> first = new HashMap<>();
                for (Request r : requests) {
                    if (r.status() / 100 == 2 && r.startMs() >= faultMs) {
                        first.merge(r.tenant(), r.endMs(), Math::min);
                    }
                }
                Set<String> loaded = requests.stream().map(Request::tenant).collect(Collectors.toSet());
                if (first.keySet().containsAll(loaded) && !loaded.isEmpty()) {
                    recovery = 0;
                    for (Map.Entry<String, Long> e : first.entrySet()) {
                        double s = (e.getValue() - faultMs) / 1000.0;
                        if (s > recovery) {
                            recovery = s;
                            slowestTenant = e.getKey();
                        }
                    }
                } else {
                    recovery = Double.POSITIVE_INFINITY;
                }
            }

            // the poison case: the other tenants' acknowledged creates per second before and during the poison
            String ratio = "-";
            String throughputNote = "";
            if (poisonWindowMs > 0 && faultMs > 0) {
                long firstStart = requests.stream().mapToLong(Request::startMs).min().orElse(faultMs);
                long beforeFrom = Math.max(firstStart + 3000, faultMs - 20_000);
                // the raw poison records stay on the topics: "during" lasts until the load stopped sending
                long lastEnd = requests.stream().mapToLong(Request::endMs).max().orElse(faultMs);
                long stop = Long.parseLong(summary.getOrDefault("stop_ms", "0"));
                long duringTo = stop > faultMs ? stop : lastEnd;
                long before = requests.stream().filter(r -> r.status() / 100 == 2
                        && r.endMs() >= beforeFrom && r.endMs() < faultMs).count();
                long during = requests.stream().filter(r -> r.status() / 100 == 2
                        && r.endMs() >= faultMs && r.endMs() < duringTo).count();
                double beforeRate = before * 1000.0 / Math.max(1, faultMs - beforeFrom);
                double duringRate = during * 1000.0 / Math.max(1, duringTo - faultMs);
                ratio = beforeRate > 0 ? String.format(Locale.ROOT, "%.2f", duringRate / beforeRate) : "n/a";
                throughputNote = String.format(Locale.ROOT,
                        "other tenants' creates/s: %.0f in the %.0f s before the poison, %.0f in the %.0f s from it to the load's end",
                        beforeRate, (faultMs - beforeFrom) / 1000.0, duringRate, (duringTo - faultMs) / 1000.0);
            }

            boolean pass = lost == 0 && duplicated == 0 && eventsWithoutRow == 0 && non503 == 0 && slow == 0
                    && acked.size() >= Integer.parseInt(o.getOrDefault("target", "0"))
                    && !Double.isInfinite(recovery)
                    && (poisonWindowMs == 0 || (!ratio.equals("n/a") && Double.parseDouble(ratio) >= 0.5
                        && poisonAccepted == 0));
            String recoveryText = Double.isNaN(recovery) ? "-" : Double.isInfinite(recovery) ? "never"
                    : String.format(Locale.ROOT, "%.1f", recovery);
            String row = String.join("\t", scenario, String.valueOf(acked.size()), String.valueOf(lost),
                    String.valueOf(duplicated), String.valueOf(eventsWithoutRow), String.valueOf(non503),
                    String.format(Locale.ROOT, "%.1f", maxLatency / 1000.0), String.valueOf(slow), recoveryText, ratio,
                    pass ? "PASS" : "FAIL");
            Files.writeString(results, row + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);

            StringBuilder notes = new StringBuilder();
            notes.append(String.format(Locale.ROOT,
                    "  load: %d acknowledged creates in %d attempts (%d answered 503, %d timed out at the client, "
                            + "%d connection errors, %d left unresolved); stopped: %s%n",
                    acked.size(), requests.size(), status503, timeouts, ioErrors,
                    Integer.parseInt(summary.getOrDefault("unresolved", "0")), summary.getOrDefault("stop_reason", "?")));
            if (!unexpected.isEmpty()) {
                notes.append("  unexpected 4xx: ").append(unexpected).append('\n');
            }
            for (Map.Entry<String, String> e : unexpectedDetail.entrySet()) {
                notes.append("    first ").append(e.getKey()).append(": ").append(oneLine(e.getValue(), 200)).append('\n');
            }
            if (!slowestTenant.isEmpty()) {
                notes.append(String.format(Locale.ROOT, "  recovery: the last tenant to get a 2xx again (%s) got it %s s "
                        + "after the fault%n", slowestTenant, recoveryText));
            }
            if (wrongId > 0) {
                notes.append("  ").append(wrongId).append(" acknowledged creates have a row under another id\n");
            }
            if (!poisonAnswers.isEmpty()) {
                notes.append("  poison tenant's answers by status: ").append(poisonAnswers)
                        .append(poisonAccepted > 0 ? " — " + poisonAccepted + " poison requests were accepted (2xx)" : "")
                        .append('\n');
            }
            notes.append(rawFate);
            if (!throughputNote.isEmpty()) {
                notes.append("  ").append(throughputNote).append('\n');
            }
            for (String s : samples) {
                notes.append("  ").append(s).append('\n');
            }
            notes.append(lags());
            System.out.print(notes);
            Files.writeString(dir.resolve("check.txt"), row + "\n" + notes);
        }

        static void sample(List<String> samples, String line) {
            if (samples.size() < 5) {
                samples.add(line);
            }
        }

        /** The consumer groups' lag (read_committed end offsets), and any dead-letter topic's size. */
        String lags() {
            StringBuilder s = new StringBuilder();
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            try (Admin admin = Admin.create(p);
                 KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                         new StringDeserializer())) {
                Map<String, String> groups = new LinkedHashMap<>();
                groups.put("user-projector-directory", "provisioning.decisions.v1");
                groups.put("user-projector", "provisioning.commands.v1");
                for (Map.Entry<String, String> g : groups.entrySet()) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(g.getKey())
                            .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                    List<TopicPartition> partitions = consumer.partitionsFor(g.getValue(), Duration.ofSeconds(30))
                            .stream().map(x -> new TopicPartition(x.topic(), x.partition())).toList();
                    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
                    long total = 0;
                    List<String> each = new ArrayList<>();
                    for (TopicPartition tp : partitions) {
                        OffsetAndMetadata c = committed.get(tp);
                        long lag = end.get(tp) - (c == null ? 0 : c.offset());
                        total += lag;
                        each.add(tp.partition() + ":" + lag);
                    }
                    s.append("  lag of ").append(g.getKey()).append(" on ").append(g.getValue()).append(": ")
                            .append(total).append(" ").append(each).append('\n');
                }
                for (String topic : admin.listTopics().names().get(30, TimeUnit.SECONDS)) {
                    if (topic.contains("dead") || topic.contains("dlq") || topic.contains("DLT")) {
                        List<TopicPartition> partitions = new ArrayList<>();
                        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                            partitions.add(new TopicPartition(topic, info.partition()));
                        }
                        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
                        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
                        long n = partitions.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
                        s.append("  dead-letter topic ").append(topic).append(": ").append(n)
                                .append(" records (offsets, transaction markers included)\n");
                    }
                }
            } catch (Exception e) {
                s.append("  (lags unknown: ").append(e).append(")\n");
            }
            return s.toString();
        }
    }
}
