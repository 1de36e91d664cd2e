package app.thestorage.provisioning.scim.patch;

import app.thestorage.provisioning.contract.DirectoryLimits;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.document.ScimGroupDocument;
import app.thestorage.provisioning.scim.filter.Filter;
import app.thestorage.provisioning.scim.filter.FilterParser;
import app.thestorage.provisioning.scim.filter.PatchPath;
import app.thestorage.provisioning.scim.group.GroupAttributes;
import app.thestorage.provisioning.scim.group.MemberDelta;
import app.thestorage.provisioning.scim.patch.GroupOperation.AddMembers;
import app.thestorage.provisioning.scim.patch.GroupOperation.RemoveMembers;
import app.thestorage.provisioning.scim.patch.GroupOperation.ReplaceDisplayName;
import app.thestorage.provisioning.scim.patch.GroupOperation.ReplaceExternalId;
import app.thestorage.provisioning.scim.patch.GroupOperation.ReplaceMembers;
import app.thestorage.provisioning.scim.patch.PatchRequest.Op;
import app.thestorage.provisioning.scim.schema.AttributeNames;
import app.thestorage.provisioning.scim.schema.AttributePath;
import app.thestorage.provisioning.scim.schema.ResourceType;
import app.thestorage.provisioning.scim.schema.ScimAttribute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * A SCIM PatchOp (RFC 7644 §3.5.2) on a Group, read into the {@link GroupOperation}s it makes, as Entra ID and Okta
 * send it: op names in any case, members added by a list of {@code {"value": id}}, removed by
 * {@code members[value eq "id"]} (several joined with {@code or}) or by a list (Entra), replaced by a list (Okta),
 * all removed by a remove of {@code members}; displayName and externalId by path or path-less (Okta's path-less
 * replace names the group's own id, which is accepted). Everything is checked before anything is returned: an
 * invalid operation is a SCIM 400 and no operation of the request is applied.
 *
 * <p>The operations are folded into one per attribute (see {@link GroupOperation}): a later operation on the same
 * member overrides an earlier one, exactly as if they were applied one after the other. ingest-api calls
 * {@link #of}; whoever applies the patch either applies {@link #operations()} to storage and computes the
 * {@link #memberDelta} from the membership of the ids they name, or, for a group held in memory, calls {@link #apply}.
 *
 * <p>A request carries at most {@value PatchRequest#MAX_OPERATIONS} operations and
 * {@value ScimGroupDocument#MAX_MEMBERS_PER_REQUEST} member values (lists and filters together).
 */
public record GroupPatch(List<GroupOperation> operations) {

    public GroupPatch {
        operations = List.copyOf(operations);
    }

    /** The patch a PatchOp body asks of the group with that id. */
    public static GroupPatch of(JsonNode request, String groupId) {
        Reader reader = new Reader(groupId);
        for (JsonNode operation : PatchRequest.operations(request)) {
            reader.read(operation);
        }
        return reader.patch();
    }

    /** Whether the patch replaces the member list as a whole, so that {@link #memberDelta} reads every member. */
    public boolean replacesMembers() {
        return operations.stream().anyMatch(ReplaceMembers.class::isInstance);
    }

    /**
     * The members the patch adds and removes, applied in order to a group whose members are those {@code isMember}
     * accepts. It is asked only about the ids the operations name; {@code members} (every member, before the patch) is
     * read only when the patch {@link #replacesMembers()}, which needs them.
     */
    public MemberDelta memberDelta(Predicate<String> isMember, Iterable<String> members) {
        Map<String, Boolean> after = new LinkedHashMap<>();
        boolean replaced = false;
        for (GroupOperation operation : operations) {
            switch (operation) {
                case AddMembers add -> add.ids().forEach(id -> after.put(id, true));
                case RemoveMembers remove -> remove.ids().forEach(id -> after.put(id, false));
                case ReplaceMembers replace -> {
                    after.replaceAll((id, member) -> false);
                    replace.ids().forEach(id -> after.put(id, true));
                    replaced = true;
                }
                case ReplaceDisplayName ignored -> {
                }
                case ReplaceExternalId ignored -> {
                }
            }
        }
        Set<String> added = new LinkedHashSet<>();
        Set<String> removed = new LinkedHashSet<>();
        after.forEach((id, member) -> {
            boolean was = isMember.test(id);
            if (member && !was) {
                added.add(id);
            } else if (!member && was) {
                removed.add(id);
            }
        });
        if (replaced) {
            for (String id : members) {
                if (!after.containsKey(id)) {
                    removed.add(id);
                }
            }
        }
        return new MemberDelta(added, removed);
    }

    /** The patch applied to a group held in memory as a whole (tests, small groups): its new state and member delta. */
    public Patched apply(GroupAttributes group) {
        String displayName = group.displayName();
        String externalId = group.externalId();
        for (GroupOperation operation : operations) {
            if (operation instanceof ReplaceDisplayName name) {
                displayName = name.displayName();
            } else if (operation instanceof ReplaceExternalId id) {
                externalId = id.externalId();
            }
        }
        MemberDelta delta = memberDelta(group.members()::contains, group.members());
        SequencedSet<String> members = new LinkedHashSet<>(group.members());
        members.removeAll(delta.removed());
        members.addAll(delta.added());
        return new Patched(new GroupAttributes(displayName, externalId, members), delta);
    }

    /** A group after a patch, and what the patch did to its members. */
    public record Patched(GroupAttributes group, MemberDelta delta) {
    }

    /** Reads operations one after the other, folding each into what the request asks so far. */
    private static final class Reader {

        private final String groupId;
        private String displayName;
        private boolean externalIdChanged;
        private String externalId;
        private SequencedSet<String> replacement;
        private final SequencedSet<String> added = new LinkedHashSet<>();
        private final SequencedSet<String> removed = new LinkedHashSet<>();
        private int memberValues;

        Reader(String groupId) {
            this.groupId = groupId;
        }

        void read(JsonNode operation) {
            Op op = PatchRequest.op(operation);
            String path = PatchRequest.path(operation);
            JsonNode value = AttributeNames.valueOf(operation, "value");
            if (path == null) {
                for (Map.Entry<String, JsonNode> entry : PatchRequest.pathlessValue(op, value).properties()) {
                    if (!entry.getKey().equalsIgnoreCase("schemas")) {
                        change(op, pathOf(entry.getKey()), entry.getValue());
                    }
                }
                return;
            }
            PatchPath target = FilterParser.parsePath(path);
            if (target.valueFilter() != null) {
                removeSelected(op, target);
                return;
            }
            if (op != Op.REMOVE && value == null) {
                throw ScimException.invalidValue("The " + op.scimName() + " of " + path + " needs a value.");
            }
            change(op, target.attribute(), value);
        }

        private void change(Op op, AttributePath path, JsonNode value) {
            ScimAttribute attribute = changed(path);
            switch (attribute.name()) {
                case "id" -> {
                    // Okta's path-less replace repeats the group's id
                    if (op == Op.REMOVE || value == null || !value.isString() || !value.stringValue().equals(groupId)) {
                        throw readOnly("id");
                    }
                }
                case "displayName" -> {
                    if (op == Op.REMOVE || value == null || value.isNull()) {
                        throw new ScimException(400, "mutability", "displayName is required: it can be replaced, "
                                + "not removed.");
                    }
                    displayName = ScimGroupDocument.displayNameOf(value);
                }
                case "externalId" -> {
                    externalIdChanged = true;
                    externalId = op == Op.REMOVE ? null : ScimGroupDocument.externalIdOf(value);
                }
                case "members" -> {
                    if (op == Op.REMOVE && (value == null || value.isNull())) {
                        replace(Set.of());
                        return;
                    }
                    Set<String> ids = members(value);
                    switch (op) {
                        case ADD -> add(ids);
                        case REPLACE -> replace(ids);
                        case REMOVE -> remove(ids);
                    }
                }
                default -> throw readOnly(attribute.name());
            }
        }

        /** The top-level attribute a path changes: in the Group schema, and writable as a whole. */
        private ScimAttribute changed(AttributePath path) {
            ScimAttribute attribute = ResourceType.GROUP.findTop(path).orElseThrow(() -> unknown(path));
            if (path.subAttribute() != null) {
                attribute.subAttribute(path.subAttribute()).orElseThrow(() -> unknown(path));
                throw attribute.isNamed("members") ? subAttributeFixed(path) : readOnly(attribute.name());
            }
            return attribute;
        }

        /** {@code members[value eq "u1" or value eq "u2"]}: only a remove, and only of members named by value. */
        private void removeSelected(Op op, PatchPath target) {
            ScimAttribute attribute = ResourceType.GROUP.findTop(target.attribute()).orElseThrow(() -> unknown(target.attribute()));
            if (!attribute.isNamed("members")) {
                throw new ScimException(400, "invalidPath", "Only members has values a filter can select; "
                        + target.attribute() + " has one.");
            }
            if (target.subAttribute() != null) {
                AttributePath sub = target.attribute().withSubAttribute(target.subAttribute());
                attribute.subAttribute(target.subAttribute()).orElseThrow(() -> unknown(sub));
                throw subAttributeFixed(sub);
            }
            if (op != Op.REMOVE) {
                throw new ScimException(400, "mutability", "A member cannot be changed, only added (op add, path "
                        + "members, a list of {\"value\": \"<user id>\"}) or removed (op remove, path "
                        + "members[value eq \"<user id>\"]).");
            }
            Set<String> ids = new LinkedHashSet<>();
            selected(target.valueFilter(), ids);
            remove(ids);
        }

        private void selected(Filter filter, Set<String> ids) {
            switch (filter) {
                case Filter.Comparison(AttributePath path, Filter.Operator operator, Object value)
                        when operator == Filter.Operator.EQ && value instanceof String id && path.schema() == null
                        && path.subAttribute() == null && path.attribute().equalsIgnoreCase("value") -> {
                    String problem = DirectoryLimits.identifier("members.value", id);
                    if (problem != null) {
                        throw ScimException.invalidFilter(problem);
                    }
                    count(1);
                    if (!id.isBlank()) {
                        ids.add(id);
                    }
                }
                case Filter.Or or -> {
                    selected(or.left(), ids);
                    selected(or.right(), ids);
                }
                default -> throw ScimException.invalidFilter("Members are selected by their value only: "
                        + "members[value eq \"<user id>\"], several joined with or.");
            }
        }

        private Set<String> members(JsonNode value) {
            count(value.isArray() ? value.size() : 1);
            return ScimGroupDocument.memberIdsOf(value);
        }

        private void count(int values) {
            memberValues += values;
            if (memberValues > ScimGroupDocument.MAX_MEMBERS_PER_REQUEST) {
                throw ScimException.invalidValue("At most " + ScimGroupDocument.MAX_MEMBERS_PER_REQUEST
                        + " member values per PATCH; send the others in another request.");
            }
        }

        private void add(Set<String> ids) {
            if (replacement != null) {
                replacement.addAll(ids);
            } else {
                removed.removeAll(ids);
                added.addAll(ids);
            }
        }

        private void remove(Set<String> ids) {
            if (replacement != null) {
                replacement.removeAll(ids);
            } else {
                added.removeAll(ids);
                removed.addAll(ids);
            }
        }

        private void replace(Set<String> ids) {
            replacement = new LinkedHashSet<>(ids);
            added.clear();
            removed.clear();
        }

        GroupPatch patch() {
            List<GroupOperation> operations = new ArrayList<>();
            if (displayName != null) {
                operations.add(new ReplaceDisplayName(displayName));
            }
            if (externalIdChanged) {
                operations.add(new ReplaceExternalId(externalId));
            }
            if (replacement != null) {
                operations.add(new ReplaceMembers(replacement));
            } else {
                if (!removed.isEmpty()) {
                    operations.add(new RemoveMembers(removed));
                }
                if (!added.isEmpty()) {
                    operations.add(new AddMembers(added));
                }
            }
            return new GroupPatch(operations);
        }

        private static AttributePath pathOf(String key) {
            try {
                return AttributePath.parse(key);
            } catch (ScimException e) {
                throw new ScimException(400, "invalidPath", "'" + key + "' is not an attribute.");
            }
        }

        private static ScimException unknown(AttributePath path) {
            return new ScimException(400, "invalidPath", "'" + path + "' is not an attribute of the Group resource: "
                    + "nothing was changed.");
        }

        private static ScimException readOnly(String attribute) {
            return new ScimException(400, "mutability", attribute + " is read-only.");
        }

        private static ScimException subAttributeFixed(AttributePath path) {
            return new ScimException(400, "mutability", path + " cannot be changed: a member is added or removed "
                    + "as a whole.");
        }
    }
}
