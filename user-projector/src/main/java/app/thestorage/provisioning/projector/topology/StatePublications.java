package app.thestorage.provisioning.projector.topology;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.contract.state.GroupMemberState;
import app.thestorage.provisioning.contract.state.GroupState;
import app.thestorage.provisioning.contract.state.UserState;
import app.thestorage.provisioning.contract.user.User;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Publishes what the ledgers already hold on the state topics, versions unchanged: everything, once, the first time
 * a task runs with state topics (a pipeline upgraded from a version without them), and one tenant whenever it is
 * asked to ({@link app.thestorage.provisioning.contract.command.PublishTenantState}). A publication goes a slice at a
 * time, users, then groups, then memberships, each slice in the projector's next transaction, so that none grows
 * with the directory; where it stands is kept in the {@value #STORE} store (changelogged with the records), so that
 * it resumes after a crash where the last committed slice ended. Records of live changes interleave with a
 * publication's in the one order of the task: a key's last record is always its latest state.
 */
final class StatePublications {

    /** Scope (a key prefix: {@code tenant/}, or "" for everything) to where its publication stands. */
    static final String STORE = "state-publications";
    /** How many records one slice publishes. */
    static final int SLICE = 2_000;

    /** A marker no scope can be (tenants hold no control characters): the first publication of everything is asked. */
    private static final String FILLED = "\u0000filled";
    private static final Phase[] PHASES = Phase.values();

    private final KeyValueStore<String, String> publications;
    private final KeyValueStore<String, User> users;
    private final KeyValueStore<String, Group> groups;
    private final KeyValueStore<String, String> members;
    /** Whether {@link #fillOnce()} has run in this task (the marker in the store says so across restarts). */
    private boolean filled;

    StatePublications(KeyValueStore<String, String> publications, KeyValueStore<String, User> users,
                      KeyValueStore<String, Group> groups, KeyValueStore<String, String> members) {
        this.publications = publications;
        this.users = users;
        this.groups = groups;
        this.members = members;
    }

    /** Asks for the tenant's whole state to be published again (a publication of it under way starts over). */
    void request(String tenant) {
        publications.put(tenant + "/", Cursor.START.text());
    }

    /**
     * Asks, the first time the task runs with state topics, for everything its stores held before to be published;
     * called before the task's first command and first slice, so that a directory that starts empty publishes
     * nothing twice (its records come from its commands).
     */
    void fillOnce() {
        if (filled) {
            return;
        }
        if (publications.get(FILLED) == null) {
            if (holdsAny(users) || holdsAny(groups) || holdsAny(members)) {
                publications.put("", Cursor.START.text());
            }
            publications.put(FILLED, "");
        }
        filled = true;
    }

    private static boolean holdsAny(KeyValueStore<String, ?> store) {
        try (KeyValueIterator<String, ?> entries = store.all()) {
            return entries.hasNext();
        }
    }

    /**
     * Publishes the next slice of the publications asked for, passing each record on with its key. Returns how many
     * records it published.
     */
    int publishSlice(BiConsumer<String, Projected.Stated> forward) {
        fillOnce();
        int budget = SLICE;
        try (KeyValueIterator<String, String> pending = publications.all()) {
            while (budget > 0 && pending.hasNext()) {
                KeyValue<String, String> publication = pending.next();
                if (publication.key.equals(FILLED)) {
                    continue;
                }
                Cursor cursor = Cursor.of(publication.value);
                while (budget > 0 && cursor != null) {
                    Slice slice = slice(publication.key, cursor, budget, forward);
                    budget -= slice.published();
                    cursor = slice.next();
                }
                if (cursor == null) {
                    publications.delete(publication.key);
                } else {
                    publications.put(publication.key, cursor.text());
                }
            }
        }
        return SLICE - budget;
    }

    /** Publishes up to {@code budget} records of one phase from the cursor on; the cursor to go on from, null at the end. */
    private Slice slice(String scope, Cursor cursor, int budget, BiConsumer<String, Projected.Stated> forward) {
        KeyValueStore<String, ?> store = switch (cursor.phase()) {
            case USERS -> users;
            case GROUPS -> groups;
            case MEMBERS -> members;
        };
        Map<String, Group> groupsSeen = new HashMap<>();
        int published = 0;
        String from = cursor.after().isEmpty() ? scope : cursor.after();
        String after = cursor.after();
        try (KeyValueIterator<String, ?> entries = from.isEmpty() ? store.all() : store.range(from, null)) {
            while (entries.hasNext()) {
                KeyValue<String, ?> entry = entries.next();
                if (!entry.key.startsWith(scope)) {
                    break;
                }
                if (entry.key.equals(after)) {
                    continue;
                }
                if (published == budget) {
                    return new Slice(published, cursor);
                }
                Object state = switch (entry.value) {
                    case User user -> UserState.of(user);
                    case Group group -> GroupState.of(group);
                    case String userId -> member(entry.key, userId, groupsSeen);
                    default -> null;
                };
                if (state != null) {
                    forward.accept(entry.key, new Projected.Stated(cursor.phase().topic, state));
                }
                published++;
                cursor = new Cursor(cursor.phase(), entry.key);
            }
        }
        int next = cursor.phase().ordinal() + 1;
        return new Slice(published, next < PHASES.length ? new Cursor(PHASES[next], "") : null);
    }

    /** The membership stored under {@code tenant/groupId/userId}, with its group's version and source. */
    private GroupMemberState member(String key, String userId, Map<String, Group> groupsSeen) {
        String groupKey = key.substring(0, key.length() - userId.length() - 1);
        Group group = groupsSeen.computeIfAbsent(groupKey, groups::get);
        return group == null ? null : GroupMemberState.of(group, userId);
    }

    /** The three stores a publication goes through, in order, and the state topic of each. */
    private enum Phase {
        USERS(Topics.USER_STATE), GROUPS(Topics.GROUP_STATE), MEMBERS(Topics.GROUP_MEMBER_STATE);

        private final String topic;

        Phase(String topic) {
            this.topic = topic;
        }
    }

    /** Where a publication stands: its phase and the last key it published in it ("" before the first). */
    private record Cursor(Phase phase, String after) {

        static final Cursor START = new Cursor(Phase.USERS, "");

        static Cursor of(String text) {
            int colon = text.indexOf(':');
            return new Cursor(Phase.valueOf(text.substring(0, colon)), text.substring(colon + 1));
        }

        String text() {
            return phase.name() + ":" + after;
        }
    }

    private record Slice(int published, Cursor next) {
    }
}
