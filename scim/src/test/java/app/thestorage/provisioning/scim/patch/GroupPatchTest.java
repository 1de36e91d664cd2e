package app.thestorage.provisioning.scim.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.scim.document.ScimGroupDocument;
import app.thestorage.provisioning.scim.group.GroupAttributes;
import app.thestorage.provisioning.scim.group.MemberDelta;
import app.thestorage.provisioning.scim.patch.GroupOperation.AddMembers;
import app.thestorage.provisioning.scim.patch.GroupOperation.RemoveMembers;
import app.thestorage.provisioning.scim.patch.GroupOperation.ReplaceDisplayName;
import app.thestorage.provisioning.scim.patch.GroupOperation.ReplaceExternalId;
import app.thestorage.provisioning.scim.patch.GroupOperation.ReplaceMembers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

class GroupPatchTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String GROUP_ID = "abf4dd94-a4c0-4f67-89c9-76b03340cb9b";
    private static final GroupAttributes ENGINEERING = group("Engineering", "ext-1", "u1", "u2");

    @Test
    void entra_adds_a_batch_of_members_with_a_capitalised_op() {
        GroupPatch patch = patch("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Add","path":"members","value":[{"value":"u2"},{"value":"u3"},{"value":"u4"}]}]}
                """);

        assertThat(patch.operations()).containsExactly(new AddMembers(Set.of("u2", "u3", "u4")));
        GroupPatch.Patched patched = patch.apply(ENGINEERING);
        assertThat(patched.delta()).isEqualTo(new MemberDelta(Set.of("u3", "u4"), Set.of()));
        assertThat(patched.group().members()).containsExactly("u1", "u2", "u3", "u4");
        assertThat(patched.group().displayName()).isEqualTo("Engineering");
    }

    @Test
    void entra_adds_and_removes_a_member_as_its_documentation_shows_with_the_op_named_and_a_null_ref() {
        GroupPatch add = patch("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"name":"addMember","op":"add","path":"members",
                                "value":[{"$ref":null,"value":"f648f8d5ea4e4cd38e9c"}]}]}
                """);
        GroupPatch remove = patch("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"name":"removeMember","op":"remove","path":"members",
                                "value":[{"$ref":null,"value":"f648f8d5ea4e4cd38e9c"}]}]}
                """);

        assertThat(add.operations()).containsExactly(new AddMembers(Set.of("f648f8d5ea4e4cd38e9c")));
        assertThat(remove.operations()).containsExactly(new RemoveMembers(Set.of("f648f8d5ea4e4cd38e9c")));
    }

    @Test
    void entra_removes_members_by_a_value_list_or_a_filter() {
        GroupPatch byList = patch("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Remove","path":"members","value":[{"value":"u1"},{"value":"nobody"}]}]}
                """);
        GroupPatch byFilter = patch("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Remove","path":"members[value eq \\"u1\\"]"}]}
                """);

        assertThat(byList.apply(ENGINEERING).delta()).isEqualTo(new MemberDelta(Set.of(), Set.of("u1")));
        assertThat(byFilter.operations()).containsExactly(new RemoveMembers(Set.of("u1")));
        assertThat(byFilter.apply(ENGINEERING).group().members()).containsExactly("u2");
    }

    @Test
    void entra_renames_by_path_and_without_path_and_replaces_the_external_id() {
        GroupPatch byPath = patch("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"displayName","value":"New name"},
                               {"op":"Replace","path":"externalId","value":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159"}]}
                """);
        GroupPatch pathless = patch("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","value":{"displayName":"x"}}]}
                """);

        assertThat(byPath.operations()).containsExactly(new ReplaceDisplayName("New name"),
                new ReplaceExternalId("8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159"));
        assertThat(byPath.apply(ENGINEERING)).isEqualTo(new GroupPatch.Patched(
                new GroupAttributes("New name", "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159", Set.of("u1", "u2")),
                MemberDelta.NONE));
        assertThat(pathless.operations()).containsExactly(new ReplaceDisplayName("x"));
    }

    @Test
    void okta_renames_with_the_groups_own_id_in_the_value() {
        GroupPatch patch = patch("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"id":"abf4dd94-a4c0-4f67-89c9-76b03340cb9b","displayName":"Test SCIMv2"}}]}
                """);

        assertThat(patch.operations()).containsExactly(new ReplaceDisplayName("Test SCIMv2"));
    }

    @Test
    void okta_adds_a_member_with_its_display_and_removes_one_by_filter() {
        GroupPatch add = patch("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"add","path":"members",
                                "value":[{"value":"23a35c27-23d3-4c03-b4c5-6443c09e7173","display":"test.user@okta.local"}]}]}
                """);
        GroupPatch remove = patch("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"remove","path":"members[value eq \\"89bb1940-b905-4575-9e7f-6f887cfb368e\\"]"}]}
                """);

        assertThat(add.operations()).containsExactly(new AddMembers(Set.of("23a35c27-23d3-4c03-b4c5-6443c09e7173")));
        assertThat(remove.operations()).containsExactly(new RemoveMembers(Set.of("89bb1940-b905-4575-9e7f-6f887cfb368e")));
        assertThat(remove.apply(ENGINEERING).delta().isEmpty()).isTrue();
    }

    @Test
    void okta_replaces_the_whole_member_list() {
        GroupPatch patch = patch("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"members",
                                "value":[{"value":"u2","display":"grace@okta.local"},{"value":"u3","display":"ada@okta.local"}]}]}
                """);

        assertThat(patch.operations()).containsExactly(new ReplaceMembers(Set.of("u2", "u3")));
        GroupPatch.Patched patched = patch.apply(ENGINEERING);
        assertThat(patched.delta()).isEqualTo(new MemberDelta(Set.of("u3"), Set.of("u1")));
        assertThat(patched.group().members()).containsExactlyInAnyOrder("u2", "u3");
    }

    @Test
    void a_remove_of_members_without_value_removes_them_all_and_an_empty_list_removes_none() {
        assertThat(patch("{\"Operations\":[{\"op\":\"remove\",\"path\":\"members\"}]}").apply(ENGINEERING).delta())
                .isEqualTo(new MemberDelta(Set.of(), Set.of("u1", "u2")));
        assertThat(patch("{\"Operations\":[{\"op\":\"replace\",\"path\":\"members\",\"value\":[]}]}").operations())
                .containsExactly(new ReplaceMembers(Set.of()));
        assertThat(patch("{\"Operations\":[{\"op\":\"remove\",\"path\":\"members\",\"value\":[]}]}").operations())
                .isEmpty();
    }

    @Test
    void members_selected_by_several_values_joined_with_or() {
        GroupPatch patch = patch("""
                {"Operations":[{"op":"remove","path":"members[value eq \\"u1\\" or (VALUE Eq \\"u3\\" or value eq \\"u2\\")]"}]}
                """);

        assertThat(patch.operations()).containsExactly(new RemoveMembers(Set.of("u1", "u3", "u2")));
    }

    @Test
    void later_operations_on_a_member_override_earlier_ones_and_the_rest_fold_into_one_of_each() {
        GroupPatch patch = patch("""
                {"Operations":[{"op":"add","path":"members","value":[{"value":"a"},{"value":"b"},{"value":"c"}]},
                               {"op":"remove","path":"members[value eq \\"a\\"]"},
                               {"op":"remove","path":"members","value":[{"value":"d"}]},
                               {"op":"add","path":"members","value":{"value":"d"}},
                               {"op":"replace","path":"displayName","value":"First"},
                               {"op":"add","value":{"displayName":"Second","members":[{"value":"e"}]}},
                               {"op":"remove","path":"externalId"}]}
                """);

        assertThat(patch.operations()).containsExactly(new ReplaceDisplayName("Second"), new ReplaceExternalId(null),
                new RemoveMembers(Set.of("a")), new AddMembers(Set.of("b", "c", "d", "e")));
        assertThat(patch.apply(group("G", "x", "a", "d"))).isEqualTo(new GroupPatch.Patched(
                new GroupAttributes("Second", null, Set.of("d", "b", "c", "e")),
                new MemberDelta(Set.of("b", "c", "e"), Set.of("a"))));
    }

    @Test
    void a_replace_of_the_members_absorbs_what_came_before_and_takes_what_comes_after() {
        GroupPatch patch = patch("""
                {"Operations":[{"op":"add","path":"members","value":[{"value":"a"}]},
                               {"op":"replace","path":"members","value":[{"value":"b"},{"value":"c"}]},
                               {"op":"remove","path":"members[value eq \\"c\\"]"},
                               {"op":"add","path":"members","value":[{"value":"d"}]}]}
                """);

        assertThat(patch.operations()).containsExactly(new ReplaceMembers(Set.of("b", "d")));
        assertThat(patch.apply(group("G", null, "a", "b", "z")).delta())
                .isEqualTo(new MemberDelta(Set.of("d"), Set.of("a", "z")));
    }

    @Test
    void the_delta_of_adds_and_removes_asks_only_about_the_ids_named_and_never_reads_the_member_list() {
        GroupPatch patch = patch("""
                {"Operations":[{"op":"add","path":"members","value":[{"value":"u1"},{"value":"u9"}]},
                               {"op":"remove","path":"members[value eq \\"u2\\" or value eq \\"u8\\"]"}]}
                """);
        List<String> asked = new ArrayList<>();
        Iterable<String> unread = () -> {
            throw new AssertionError("the 100,000 members were read");
        };

        MemberDelta delta = patch.memberDelta(id -> {
            asked.add(id);
            return id.equals("u1") || id.equals("u2");
        }, unread);

        assertThat(patch.replacesMembers()).isFalse();
        assertThat(delta).isEqualTo(new MemberDelta(Set.of("u9"), Set.of("u2")));
        assertThat(asked).containsExactlyInAnyOrder("u1", "u9", "u2", "u8");
    }

    @Test
    void a_patch_that_changes_nothing_has_no_operations() {
        GroupPatch patch = patch("""
                {"Operations":[{"op":"replace","value":{"id":"abf4dd94-a4c0-4f67-89c9-76b03340cb9b","schemas":["x"]}},
                               {"op":"remove","path":"members[value eq \\"\\"]"}]}
                """);

        assertThat(patch.operations()).isEmpty();
        assertThat(patch.apply(ENGINEERING)).isEqualTo(new GroupPatch.Patched(ENGINEERING, MemberDelta.NONE));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            invalidPath   | {"op":"add","path":"owners","value":"x"}
            invalidPath   | {"op":"replace","value":{"userName":"x"}}
            invalidPath   | {"op":"replace","value":{"members[value eq \\"u1\\"]":"x"}}
            invalidPath   | {"op":"replace","path":"displayName.first","value":"x"}
            invalidPath   | {"op":"remove","path":"members.nickname"}
            invalidPath   | {"op":"remove","path":"members[value eq \\"u1\\"].nickname"}
            invalidPath   | {"op":"remove","path":"displayName[value eq \\"x\\"]"}
            invalidPath   | {"op":"add","path":"urn:ietf:params:scim:schemas:core:2.0:User:userName","value":"x"}
            invalidPath   | {"op":"add","path":"members[value eq \\"u1\\"","value":"x"}
            invalidPath   | {"op":"add","path":7,"value":"x"}
            invalidFilter | {"op":"remove","path":"members[value eq ]"}
            invalidFilter | {"op":"remove","path":"members[display eq \\"Ada\\"]"}
            invalidFilter | {"op":"remove","path":"members[value ne \\"u1\\"]"}
            invalidFilter | {"op":"remove","path":"members[value co \\"u\\"]"}
            invalidFilter | {"op":"remove","path":"members[value eq \\"u1\\" and type eq \\"User\\"]"}
            invalidFilter | {"op":"remove","path":"members[not (value eq \\"u1\\")]"}
            invalidFilter | {"op":"remove","path":"members[value eq 12]"}
            invalidFilter | {"op":"remove","path":"members[value eq \\"u\\u0000\\"]"}
            invalidFilter | {"op":"remove","path":"members[members.value eq \\"u1\\"]"}
            invalidValue  | {"op":"add","path":"members","value":"u1"}
            invalidValue  | {"op":"add","path":"members","value":["u1"]}
            invalidValue  | {"op":"add","path":"members","value":[{"display":"Ada"}]}
            invalidValue  | {"op":"add","path":"members","value":[{"value":"g2","type":"Group"}]}
            invalidValue  | {"op":"add","path":"members","value":[{"value":"u\\u0001"}]}
            invalidValue  | {"op":"remove","path":"members","value":"u1"}
            invalidValue  | {"op":"replace","path":"displayName","value":""}
            invalidValue  | {"op":"replace","path":"displayName","value":"   "}
            invalidValue  | {"op":"replace","path":"displayName","value":5}
            invalidValue  | {"op":"replace","value":{"displayName":{"value":"x"}}}
            invalidValue  | {"op":"replace","path":"externalId","value":true}
            invalidValue  | {"op":"add","path":"displayName"}
            invalidValue  | {"op":"add","value":[{"displayName":"x"}]}
            invalidValue  | {"op":"replace","value":"x"}
            mutability    | {"op":"remove","path":"displayName"}
            mutability    | {"op":"replace","path":"displayName","value":null}
            mutability    | {"op":"replace","value":{"id":"another-group","displayName":"x"}}
            mutability    | {"op":"replace","path":"id","value":"another-group"}
            mutability    | {"op":"remove","path":"id"}
            mutability    | {"op":"replace","path":"meta","value":{"version":"W/\\"9\\""}}
            mutability    | {"op":"replace","path":"meta.version","value":"W/\\"9\\""}
            mutability    | {"op":"replace","path":"members[value eq \\"u1\\"]","value":{"value":"u9"}}
            mutability    | {"op":"add","path":"members[value eq \\"u1\\"]","value":{"value":"u1"}}
            mutability    | {"op":"replace","path":"members.value","value":"u9"}
            mutability    | {"op":"remove","path":"members[value eq \\"u1\\"].display"}
            mutability    | {"op":"replace","path":"members[value eq \\"u1\\"].type","value":"Group"}
            noTarget      | {"op":"remove"}
            noTarget      | {"op":"Remove","value":{"members":[{"value":"u1"}]}}
            invalidSyntax | {"op":"merge","path":"displayName","value":"x"}
            invalidSyntax | {"op":7,"path":"displayName","value":"x"}
            invalidSyntax | {"path":"displayName","value":"x"}
            invalidSyntax | "add"
            """)
    void an_invalid_operation_is_a_400_and_nothing_of_the_request_is_applied(String scimType, String operation) {
        assertThatThrownBy(() -> patch("""
                {"Operations":[{"op":"add","path":"members","value":[{"value":"u7"}]},%s]}
                """.formatted(operation)))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo(scimType);
                    assertThat(e.detail()).doesNotContain("\u0000", "\u0001");
                });
    }

    @Test
    void at_most_ten_thousand_member_values_per_patch_across_its_operations() {
        String half = IntStream.range(0, ScimGroupDocument.MAX_MEMBERS_PER_REQUEST / 2)
                .mapToObj(i -> "{\"value\":\"u" + i + "\"}").collect(Collectors.joining(","));
        String twoHalves = "{\"op\":\"add\",\"path\":\"members\",\"value\":[" + half + "]},"
                + "{\"op\":\"remove\",\"path\":\"members\",\"value\":[" + half + "]}";

        assertThat(patch("{\"Operations\":[" + twoHalves + "]}").operations()).singleElement()
                .isInstanceOfSatisfying(RemoveMembers.class, remove -> assertThat(remove.ids()).hasSize(5000));
        assertThatThrownBy(() -> patch("{\"Operations\":[" + twoHalves
                + ",{\"op\":\"remove\",\"path\":\"members[value eq \\\"u1\\\"]\"}]}"))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.scimType()).isEqualTo("invalidValue");
                    assertThat(e.detail()).contains("10000");
                });
    }

    @Test
    void at_most_a_thousand_operations_per_patch() {
        String operations = IntStream.range(0, 1001)
                .mapToObj(i -> "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"u" + i + "\"}]}")
                .collect(Collectors.joining(","));

        assertThatThrownBy(() -> patch("{\"Operations\":[" + operations + "]}"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidValue"));
    }

    /** A group whose members are in a known order (Set.of has none). */
    private static GroupAttributes group(String displayName, String externalId, String... members) {
        return new GroupAttributes(displayName, externalId, new LinkedHashSet<>(List.of(members)));
    }

    private static GroupPatch patch(String request) {
        return GroupPatch.of(JSON.readTree(request), GROUP_ID);
    }
}
