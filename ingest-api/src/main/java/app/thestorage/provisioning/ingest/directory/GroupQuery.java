package app.thestorage.provisioning.ingest.directory;

import app.thestorage.provisioning.contract.group.Group;
import app.thestorage.provisioning.directory.DirectoryTables.GroupMembers;
import app.thestorage.provisioning.directory.DirectoryTables.Groups;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.ScimSchemas;
import app.thestorage.provisioning.scim.filter.Filter;
import app.thestorage.provisioning.scim.schema.AttributePath;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A SCIM filter on /Groups as a SQL condition on the directory's groups (alias {@code g}), with bind parameters.
 * What identity providers look groups up by, each an index seek: {@code displayName eq} (without regard to case, as
 * displayNames are unique), {@code externalId eq}, {@code id eq}, a member ({@code members[value eq "id"]} or
 * {@code members.value eq "id"}), and {@code and} of these. Other filters are refused (400 invalidFilter), as RFC 7644
 * lets a server do for a comparison it does not support.
 */
public record GroupQuery(String condition, Map<String, Object> parameters, String displayName) {

    public static GroupQuery of(Filter filter) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        String condition = condition(filter, parameters);
        String displayName = filter instanceof Filter.Comparison comparison && is(comparison.path(), "displayName", null)
                ? (String) comparison.value() : null;
        return new GroupQuery(condition, parameters, displayName);
    }

    /** The groups whose displayName contains {@code text}, without regard to case (the console's search). */
    public static GroupQuery displayNameContains(String text) {
        return new GroupQuery("strpos(g.%s, :search) > 0".formatted(Groups.DISPLAY_NAME_KEY),
                Map.of("search", Group.displayNameKey(text)), null);
    }

    private static String condition(Filter filter, Map<String, Object> parameters) {
        return switch (filter) {
            case Filter.And and -> "(" + condition(and.left(), parameters) + " AND "
                    + condition(and.right(), parameters) + ")";
            case Filter.Comparison comparison when comparison.operator() == Filter.Operator.EQ
                    && comparison.value() instanceof String value -> {
                AttributePath path = comparison.path();
                if (is(path, "displayName", null)) {
                    yield "g." + Groups.DISPLAY_NAME_KEY + " = " + bind(parameters, Group.displayNameKey(value));
                } else if (is(path, "externalId", null)) {
                    yield "g." + Groups.EXTERNAL_ID + " = " + bind(parameters, value);
                } else if (is(path, "id", null)) {
                    yield "g." + Groups.ID + " = " + bind(parameters, value);
                } else if (is(path, "members", "value")) {
                    yield member(parameters, value);
                }
                throw unsupported();
            }
            case Filter.ValuePath valuePath when is(valuePath.path(), "members", null)
                    && valuePath.filter() instanceof Filter.Comparison inner
                    && inner.operator() == Filter.Operator.EQ && inner.value() instanceof String value
                    && is(inner.path(), "value", null) -> member(parameters, value);
            default -> throw unsupported();
        };
    }

    private static String member(Map<String, Object> parameters, String userId) {
        return "EXISTS (SELECT 1 FROM %s m WHERE m.%s = g.%s AND m.%s = g.%s AND m.%s = %s)".formatted(
                GroupMembers.TABLE, GroupMembers.TENANT, Groups.TENANT, GroupMembers.GROUP_ID, Groups.ID,
                GroupMembers.USER_ID, bind(parameters, userId));
    }

    private static boolean is(AttributePath path, String attribute, String subAttribute) {
        boolean schema = path.schema() == null || path.schema().equalsIgnoreCase(ScimSchemas.GROUP);
        return schema && path.attribute().equalsIgnoreCase(attribute)
                && (subAttribute == null ? path.subAttribute() == null
                        : subAttribute.equalsIgnoreCase(path.subAttribute()));
    }

    private static String bind(Map<String, Object> parameters, Object value) {
        String name = "p" + parameters.size();
        parameters.put(name, value);
        return ":" + name;
    }

    private static ScimException unsupported() {
        return ScimException.invalidFilter("Groups can be filtered by displayName eq, externalId eq, id eq and "
                + "members[value eq \"...\"], combined with and.");
    }
}
