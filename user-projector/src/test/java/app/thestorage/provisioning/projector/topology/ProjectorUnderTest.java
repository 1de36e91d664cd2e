package app.thestorage.provisioning.projector.topology;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.command.Decision;
import app.thestorage.provisioning.contract.command.ProvisioningCommand;
import app.thestorage.provisioning.contract.event.UserChangeEvent;
import app.thestorage.provisioning.contract.group.GroupChangeEvent;
import app.thestorage.provisioning.contract.serde.Serdes;
import app.thestorage.provisioning.contract.state.GroupMemberState;
import app.thestorage.provisioning.contract.state.GroupState;
import app.thestorage.provisioning.contract.state.UserState;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The projector's topology, {@link ProvisioningTopology#build()}, running on a {@link TopologyTestDriver} over a state
 * directory of the test's: the commands topic to send to, every topic the projector publishes on to read from, and the
 * driver itself for its stores and its wall-clock time. Closing it closes the driver.
 */
public record ProjectorUnderTest(
        TopologyTestDriver driver,
        TestInputTopic<String, ProvisioningCommand> commands,
        TestOutputTopic<String, Decision> decisions,
        TestOutputTopic<String, UserChangeEvent> userChanges,
        TestOutputTopic<String, GroupChangeEvent> groupChanges,
        TestOutputTopic<String, UserState> userStates,
        TestOutputTopic<String, GroupState> groupStates,
        TestOutputTopic<String, GroupMemberState> memberStates) implements AutoCloseable {

    /** The application id the projector runs under in a test unless the test needs another. */
    public static final String APPLICATION_ID = "user-projector-test";

    /** The projector with its stores in {@code stateDirectory}. */
    public static ProjectorUnderTest start(Path stateDirectory) {
        return start(config(stateDirectory));
    }

    /** The projector under another application id, with its stores in {@code stateDirectory}. */
    public static ProjectorUnderTest start(String applicationId, Path stateDirectory) {
        return start(config(applicationId, stateDirectory));
    }

    /** The projector with a configuration of the test's: {@link #config(Path)} and what the test adds to it. */
    public static ProjectorUnderTest start(Properties config) {
        TopologyTestDriver driver = new TopologyTestDriver(ProvisioningTopology.build(), config);
        return new ProjectorUnderTest(driver,
                driver.createInputTopic(Topics.COMMANDS, new StringSerializer(), Serdes.commands()),
                driver.createOutputTopic(Topics.DECISIONS, new StringDeserializer(), Serdes.decisions()),
                driver.createOutputTopic(Topics.USER_CHANGES, new StringDeserializer(), Serdes.userChanges()),
                driver.createOutputTopic(Topics.GROUP_CHANGES, new StringDeserializer(), Serdes.groupChanges()),
                driver.createOutputTopic(Topics.USER_STATE, new StringDeserializer(), Serdes.userStates()),
                driver.createOutputTopic(Topics.GROUP_STATE, new StringDeserializer(), Serdes.groupStates()),
                driver.createOutputTopic(Topics.GROUP_MEMBER_STATE, new StringDeserializer(),
                        Serdes.groupMemberStates()));
    }

    /** The configuration the projector runs with in a test: its application id and {@code stateDirectory}. */
    public static Properties config(Path stateDirectory) {
        return config(APPLICATION_ID, stateDirectory);
    }

    private static Properties config(String applicationId, Path stateDirectory) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toString());
        return config;
    }

    /** Sends a command keyed by its tenant, as ingest-api does. */
    public void send(ProvisioningCommand command) {
        commands.pipeInput(command.tenant(), command);
    }

    @Override
    public void close() {
        driver.close();
    }
}
