package app.thestorage.provisioning.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.topics.TopicSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests, as {@code kubectl kustomize} renders them (for a plain cluster, and with the operators
 * KEDA, Prometheus Operator and Strimzi), run each service as an operator would want it: unprivileged and read-only,
 * probed at start, kept available through drains, photo-fetcher reachable only from ingest-api and the metrics
 * scraper, scaled on lag, topics declared once, with the one layout every service checks. Needs kubectl (with its built-in kustomize) on the PATH.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesManifestsTest {

    private static final Path MANIFESTS = Path.of("..", "kubernetes");

    /** deploy/kubernetes, rendered. */
    private List<Map<String, Object>> resources;
    /** deploy/kubernetes/operators, rendered. */
    private List<Map<String, Object>> withOperators;

    @BeforeAll
    void render() throws Exception {
        assumeTrue(kubectlAvailable(), "kubectl is not on the PATH: the manifests cannot be rendered");
        resources = kustomize(MANIFESTS);
        withOperators = kustomize(MANIFESTS.resolve("operators"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> kustomize(Path directory, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "kustomize", directory.toString()));
        command.addAll(List.of(options));
        Process kubectl = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String rendered = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor()).as("kubectl kustomize " + directory + " exit status").isZero();
        List<Map<String, Object>> documents = new ArrayList<>();
        new Yaml().loadAll(rendered).forEach(document -> documents.add((Map<String, Object>) document));
        return documents;
    }

    private static boolean kubectlAvailable() {
        try {
            return new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void every_resource_lives_in_the_pipeline_namespace_and_the_topics_beside_their_kafka_cluster() {
        for (List<Map<String, Object>> rendered : List.of(resources, withOperators)) {
            assertThat(rendered).filteredOn(resource -> !Set.of("Namespace", "KafkaTopic").contains(resource.get("kind")))
                    .isNotEmpty()
                    .allSatisfy(resource -> assertThat(map(resource, "metadata")).as(name(resource))
                            .containsEntry("namespace", "thestorage-provisioning"));
        }
        // Strimzi's topic operator watches the namespace of its Kafka cluster, the one the services connect to
        String bootstrap = (String) map(of(withOperators, "ConfigMap").getFirst(), "data").get("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(of(withOperators, "KafkaTopic")).isNotEmpty().allSatisfy(topic -> assertThat(bootstrap)
                .contains("." + map(topic, "metadata").get("namespace") + ".svc"));
    }

    @Test
    void every_image_is_a_release_of_this_build_never_a_snapshot() throws IOException {
        Matcher project = Pattern.compile("<artifactId>provisioning</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("..", "..", "pom.xml")));
        assertThat(project.find()).as("the project's version in the root pom").isTrue();
        String release = project.group(1);
        assertThat(release).matches("\\d+\\.\\d+\\.\\d+");

        for (List<Map<String, Object>> rendered : List.of(resources, withOperators)) {
            for (Map<String, Object> deployment : of(rendered, "Deployment")) {
                for (Map<String, Object> container : list(map(map(map(deployment, "spec"), "template"), "spec"),
                        "containers")) {
                    assertThat((String) container.get("image")).as(name(deployment))
                            .isEqualTo("thestorage/" + name(deployment) + ":" + release);
                }
            }
        }
    }

    @Test
    void every_service_runs_unprivileged_on_a_read_only_file_system() {
        assertThat(deployments()).hasSize(3).allSatisfy(deployment -> {
            Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
            Map<String, Object> podSecurity = map(pod, "securityContext");
            assertThat(podSecurity).containsEntry("runAsNonRoot", true);
            assertThat(map(podSecurity, "seccompProfile")).containsEntry("type", "RuntimeDefault");
            for (Map<String, Object> container : list(pod, "containers")) {
                Map<String, Object> security = map(container, "securityContext");
                assertThat(security).as(name(deployment))
                        .containsEntry("allowPrivilegeEscalation", false)
                        .containsEntry("readOnlyRootFilesystem", true);
                assertThat(map(security, "capabilities")).containsEntry("drop", List.of("ALL"));
                assertThat(list(container, "volumeMounts")).as(name(deployment) + " has a writable /tmp")
                        .anySatisfy(mount -> assertThat(mount).containsEntry("mountPath", "/tmp"));
            }
        });
    }

    @Test
    void every_service_is_probed_at_start_and_tells_when_it_is_ready() {
        assertThat(deployments()).allSatisfy(deployment -> {
            for (Map<String, Object> container : list(map(map(map(deployment, "spec"), "template"), "spec"), "containers")) {
                assertThat(map(map(container, "startupProbe"), "httpGet")).containsEntry("path", "/actuator/health/liveness");
                assertThat(map(map(container, "readinessProbe"), "httpGet")).containsEntry("path", "/actuator/health/readiness");
                assertThat(map(map(container, "livenessProbe"), "httpGet")).containsEntry("path", "/actuator/health/liveness");
                assertThat(map(map(container, "resources"), "requests")).containsKeys("cpu", "memory");
                assertThat(map(map(container, "resources"), "limits")).containsKey("memory");
            }
        });
    }

    @Test
    void a_drain_never_takes_every_instance_of_a_service_away() {
        for (Map<String, Object> deployment : deployments()) {
            assertThat(of("PodDisruptionBudget")).as(name(deployment))
                    .anySatisfy(budget -> assertThat(map(map(budget, "spec"), "selector"))
                            .isEqualTo(map(map(deployment, "spec"), "selector")));
        }
    }

    @Test
    void photo_fetcher_is_reached_only_by_ingest_api_and_the_metrics_scraper() {
        Map<String, Object> policy = of("NetworkPolicy").stream()
                .filter(candidate -> map(map(map(candidate, "spec"), "podSelector"), "matchLabels")
                        .containsValue("photo-fetcher"))
                .findFirst().orElseThrow();

        List<Map<String, Object>> rules = list(map(policy, "spec"), "ingress");
        assertThat(rules).hasSize(1);
        assertThat(list(rules.getFirst(), "from")).extracting(peer -> peer.keySet().iterator().next() + "="
                        + map(map(peer, peer.keySet().iterator().next()), "matchLabels").values())
                .containsExactlyInAnyOrder("podSelector=[ingest-api]", "namespaceSelector=[monitoring]");
    }

    @Test
    void with_keda_the_consumers_scale_on_their_lag_up_to_the_partitions_of_their_topics() {
        Map<String, Object> config = map(of(withOperators, "ConfigMap").getFirst(), "data");
        int partitions = Integer.parseInt((String) config.get("PROVISIONING_TOPICS_PARTITIONS"));
        List<Map<String, Object>> scaled = of(withOperators, "ScaledObject");

        assertThat(scaled).extracting(object -> map(map(object, "spec"), "scaleTargetRef").get("name"))
                .containsExactlyInAnyOrder("user-projector", "photo-fetcher");
        assertThat(scaled).allSatisfy(object -> {
            assertThat(of(withOperators, "Deployment")).extracting(KubernetesManifestsTest::name)
                    .contains((String) map(map(object, "spec"), "scaleTargetRef").get("name"));
            assertThat((Integer) map(object, "spec").get("maxReplicaCount")).isLessThanOrEqualTo(partitions);
            for (Map<String, Object> trigger : list(map(object, "spec"), "triggers")) {
                assertThat(trigger).containsEntry("type", "kafka");
                assertThat(Topics.all()).contains((String) map(trigger, "metadata").get("topic"));
            }
        });
        // KEDA brings its own HorizontalPodAutoscaler: the CPU one of photo-fetcher is left out
        assertThat(of(resources, "HorizontalPodAutoscaler")).extracting(KubernetesManifestsTest::name)
                .contains("photo-fetcher");
        assertThat(of(withOperators, "HorizontalPodAutoscaler")).extracting(KubernetesManifestsTest::name)
                .doesNotContain("photo-fetcher");
        assertThat(of(withOperators, "PodMonitor")).isNotEmpty();
    }

    @Test
    void every_service_gets_the_one_topic_layout_from_the_config_map_and_none_sets_its_own() {
        Map<String, Object> config = map(of("ConfigMap").getFirst(), "data");
        assertThat(config.keySet()).filteredOn(key -> key.matches("PROVISIONING_.*(PARTITIONS|REPLICATION_FACTOR)"))
                .containsExactlyInAnyOrder("PROVISIONING_TOPICS_PARTITIONS", "PROVISIONING_TOPICS_REPLICATION_FACTOR");
        for (List<Map<String, Object>> rendered : List.of(resources, withOperators)) {
            assertThat(of(rendered, "Deployment")).hasSize(3).allSatisfy(deployment -> {
                for (Map<String, Object> container : list(map(map(map(deployment, "spec"), "template"), "spec"),
                        "containers")) {
                    assertThat(list(container, "envFrom")).as(name(deployment))
                            .anySatisfy(source -> assertThat(map(source, "configMapRef"))
                                    .containsEntry("name", name(of(rendered, "ConfigMap").getFirst())));
                    assertThat((List<?>) container.getOrDefault("env", List.of())).as(name(deployment))
                            .noneSatisfy(variable -> assertThat((String) ((Map<?, ?>) variable).get("name"))
                                    .startsWith("PROVISIONING_TOPICS_"));
                }
            });
        }
    }

    @Test
    void with_strimzi_every_topic_is_declared_once_as_the_services_check_it_and_the_services_do_not_create_any() {
        Map<String, Object> config = map(of(withOperators, "ConfigMap").getFirst(), "data");
        List<Map<String, Object>> topics = of(withOperators, "KafkaTopic");
        // what each service compares the topics with at start, from the settings the ConfigMap gives all three
        TopicSettings layout = new TopicSettings(Integer.parseInt((String) config.get("PROVISIONING_TOPICS_PARTITIONS")),
                Short.parseShort((String) config.get("PROVISIONING_TOPICS_REPLICATION_FACTOR")),
                DurationStyle.detectAndParse((String) config.get("PROVISIONING_TOPICS_ERASURE_BOUND")), false);

        assertThat(topics).extracting(topic -> map(topic, "spec").get("topicName"))
                .containsExactlyInAnyOrderElementsOf(Topics.all());
        for (String topic : Topics.all()) {
            Map<String, Object> spec = map(topics.stream()
                    .filter(declared -> map(declared, "spec").get("topicName").equals(topic)).findFirst().orElseThrow(),
                    "spec");
            assertThat(spec).as(topic).containsEntry("partitions", layout.partitions())
                    .containsEntry("replicas", (int) layout.replicationFactor());
            assertThat(map(spec, "config")).as(topic).isEqualTo(layout.configs(topic));
        }
        assertThat(layout.erasureBound()).isEqualTo(Topics.DEFAULT_ERASURE_BOUND);
        assertThat(config).containsEntry("PROVISIONING_TOPICS_DECLARE", "false");
        assertThat(map(of(resources, "ConfigMap").getFirst(), "data")).doesNotContainKey("PROVISIONING_TOPICS_DECLARE");
    }

    @Test
    void with_the_aot_cache_component_each_service_keeps_its_cache_on_a_shared_volume_and_has_time_to_write_it(
            @TempDir Path overlay) throws Exception {
        // without it nothing asks for a ReadWriteMany volume, which not every cluster offers
        for (List<Map<String, Object>> rendered : List.of(resources, withOperators)) {
            assertThat(of(rendered, "PersistentVolumeClaim")).isEmpty();
        }
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - %s
                components:
                  - %s
                """.formatted(from(overlay, MANIFESTS.resolve("base")), from(overlay, MANIFESTS.resolve("aot-cache"))));
        List<Map<String, Object>> withCache = kustomize(overlay, "--load-restrictor", "LoadRestrictionsNone");

        List<Map<String, Object>> deployments = of(withCache, "Deployment");
        assertThat(deployments).hasSize(3).allSatisfy(deployment -> {
            Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
            // stopping, then writing the cache (docs/aot-cache.md)
            assertThat((Integer) pod.get("terminationGracePeriodSeconds")).as(name(deployment)).isGreaterThanOrEqualTo(90);
            Map<String, Object> container = list(pod, "containers").getFirst();
            String directory = (String) list(container, "env").stream()
                    .filter(variable -> "PROVISIONING_AOT_CACHE_DIR".equals(variable.get("name")))
                    .findFirst().orElseThrow().get("value");
            String volume = (String) list(container, "volumeMounts").stream()
                    .filter(mount -> directory.equals(mount.get("mountPath"))).findFirst().orElseThrow().get("name");
            String claim = (String) map(list(pod, "volumes").stream()
                    .filter(candidate -> volume.equals(candidate.get("name"))).findFirst().orElseThrow(),
                    "persistentVolumeClaim").get("claimName");
            Map<String, Object> claimed = of(withCache, "PersistentVolumeClaim").stream()
                    .filter(candidate -> claim.equals(name(candidate))).findFirst().orElseThrow();
            assertThat(map(claimed, "metadata")).containsEntry("namespace", "thestorage-provisioning");
            assertThat(map(claimed, "spec")).as(claim + ": shared by the service's pods")
                    .containsEntry("accessModes", List.of("ReadWriteMany"));
            assertThat(list(container, "volumeMounts")).as(name(deployment) + " keeps its writable /tmp")
                    .anySatisfy(mount -> assertThat(mount).containsEntry("mountPath", "/tmp"));
        });
        assertThat(of(withCache, "PersistentVolumeClaim")).extracting(KubernetesManifestsTest::name)
                .containsExactlyInAnyOrder("ingest-api-aot-cache", "user-projector-aot-cache", "photo-fetcher-aot-cache");
    }

    /** kustomize takes relative paths only. */
    private static Path from(Path directory, Path target) {
        return directory.toAbsolutePath().normalize().relativize(target.toAbsolutePath().normalize());
    }

    private List<Map<String, Object>> deployments() {
        return of("Deployment");
    }

    private List<Map<String, Object>> of(String kind) {
        return of(resources, kind);
    }

    private static List<Map<String, Object>> of(List<Map<String, Object>> rendered, String kind) {
        return rendered.stream().filter(resource -> kind.equals(resource.get("kind"))).toList();
    }

    private static String name(Map<String, Object> resource) {
        return (String) map(resource, "metadata").get("name");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> node, String key) {
        Object value = node.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> node, String key) {
        Object value = node.get(key);
        assertThat(value).as(key).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }
}
