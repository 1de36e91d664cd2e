package app.thestorage.provisioning.benchmark;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JVM's CPU went in a JFR recording ({@code benchmark/run} with {@code BENCH_PROFILE=1}): of its execution
 * samples (Java code running on a CPU; the JIT compilers and the garbage collector are not sampled), the share of
 * each library by the frame on top (self time), the methods most often on top, and the methods of this project
 * most often anywhere in the stack (inclusive time).
 *
 * <p>Arguments: recording.jfr [rows (15)].
 */
public final class ProfileSummary {

    private static final List<String> LIBRARIES = List.of("app.thestorage.provisioning.", "io.netty.", "reactor.",
            "tools.jackson.", "com.fasterxml.jackson.", "org.springframework.", "org.apache.kafka.", "kafka.",
            "org.rocksdb.", "io.r2dbc.", "org.postgresql.", "com.zaxxer.", "io.micrometer.", "io.opentelemetry.",
            "com.github.benmanes.caffeine.", "sun.nio.", "sun.security.", "jdk.internal.", "java.util.concurrent.",
            "java.util.regex.", "java.time.", "java.lang.invoke.", "java.lang.", "java.util.", "java.io.", "java.nio.",
            "javax.", "sun.", "jdk.");

    public static void main(String[] args) throws Exception {
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Map<String, Integer> byLibrary = new HashMap<>();
        Map<String, Integer> topMethods = new HashMap<>();
        Map<String, Integer> ownInclusive = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            String top = name(stack.getFrames().getFirst().getMethod());
            topMethods.merge(top, 1, Integer::sum);
            byLibrary.merge(library(top), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : stack.getFrames()) {
                String method = name(frame.getMethod());
                if (method.startsWith("app.thestorage.provisioning.") && !method.contains("$$Lambda")
                        && seen.add(method)) {
                    ownInclusive.merge(method, 1, Integer::sum);
                }
            }
        }
        System.out.printf("%s: %d execution samples%n", args[0], samples);
        print("by library of the method on top (self)", byLibrary, samples, rows);
        print("methods on top (self)", topMethods, samples, rows);
        print("this project's methods anywhere in the stack (inclusive)", ownInclusive, samples, rows);
    }

    private static String name(RecordedMethod method) { // a lambda's class without its address
        return method.getType().getName().replaceFirst("\\$\\$Lambda.*", "\\$\\$Lambda") + "." + method.getName();
    }

    private static String library(String method) {
        for (String prefix : LIBRARIES) {
            if (method.startsWith(prefix)) {
                if (prefix.equals("app.thestorage.provisioning.")) { // the project's module and package
                    String[] parts = method.substring(prefix.length()).split("\\.");
                    return prefix + parts[0] + (parts.length > 2 ? "." + parts[1] : "");
                }
                return prefix.substring(0, prefix.length() - 1);
            }
        }
        return "other";
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int rows) {
        System.out.println("  " + title + ":");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(rows)
                .forEach(entry -> System.out.printf("    %5.1f%%  %s%n", 100.0 * entry.getValue() / Math.max(1, samples),
                        entry.getKey()));
    }
}
