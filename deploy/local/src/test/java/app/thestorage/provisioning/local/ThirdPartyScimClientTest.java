package app.thestorage.provisioning.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.PreconditionFailedException;
import com.unboundid.scim2.common.exceptions.ResourceConflictException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.ServiceProviderConfigResource;
import com.unboundid.scim2.common.types.UserResource;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.glassfish.jersey.apache5.connector.Apache5ConnectorProvider;
import org.glassfish.jersey.client.ClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SCIM client we did not write — the UnboundID SCIM 2 SDK on Jersey — drives the running pipeline
 * through create, search, replace, modify and delete, parsing our responses with its own model.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThirdPartyScimClientTest {

    @TempDir
    static Path work;

    private LocalPipeline pipeline;
    private Client http;
    private ScimService scim;

    @BeforeAll
    void start() {
        pipeline = LocalPipeline.start(PipelineSettings.embedded(work));
        String token = pipeline.tenantToken();
        http = ClientBuilder.newClient(new ClientConfig().connectorProvider(new Apache5ConnectorProvider()))
                .register((ClientRequestFilter) request ->
                        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token));
        scim = new ScimService(http.target(pipeline.scimBaseUrl()));
    }

    @AfterAll
    void stop() {
        if (http != null) {
            http.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void the_sdk_reads_our_service_provider_config() throws Exception {
        ServiceProviderConfigResource config = scim.getServiceProviderConfig();

        assertThat(config.getPatch().isSupported()).isTrue();
        assertThat(config.getFilter().isSupported()).isTrue();
        assertThat(config.getEtag().isSupported()).isTrue();
        assertThat(config.getChangePassword().isSupported()).isFalse();
        assertThat(scim.getResourceTypes().getResources())
                .extracting(type -> type.getName()).containsExactly("User", "Group");
        assertThat(scim.getSchema("urn:ietf:params:scim:schemas:core:2.0:User").getAttributes())
                .extracting(attribute -> attribute.getName()).contains("userName", "emails", "active");
    }

    @Test
    void create_search_replace_modify_and_delete() throws Exception {
        String userName = "ada.lovelace." + UUID.randomUUID() + "@example.com";
        UserResource draft = new UserResource()
                .setUserName(userName)
                .setName(new Name().setGivenName("Ada").setFamilyName("Lovelace"))
                .setDisplayName("Ada Lovelace")
                .setEmails(List.of(new Email().setType("work").setPrimary(true).setValue(userName)))
                .setActive(true);
        draft.setExternalId(UUID.randomUUID().toString());

        UserResource created = scim.create("Users", draft);
        assertThat(created.getId()).isNotBlank();
        assertThat(created.getUserName()).isEqualTo(userName);
        assertThat(created.getMeta().getVersion()).isNotBlank();
        assertThat(created.getMeta().getLocation().toString())
                .isEqualTo(pipeline.scimBaseUrl() + "/Users/" + created.getId());

        ListResponse<UserResource> found = scim.searchRequest("Users")
                .filter(Filter.eq("userName", userName.toUpperCase()).toString())
                .page(1, 10)
                .invoke(UserResource.class);
        assertThat(found.getTotalResults()).isEqualTo(1);
        assertThat(found.getResources()).extracting(UserResource::getId).containsExactly(created.getId());

        created.setTitle("Analyst");
        created.setDisplayName("Ada King");
        UserResource replaced = scim.replace(created);
        assertThat(replaced.getTitle()).isEqualTo("Analyst");
        assertThat(replaced.getDisplayName()).isEqualTo("Ada King");
        assertThat(replaced.getMeta().getVersion()).isNotEqualTo(created.getMeta().getVersion());

        UserResource deactivated = scim.modifyRequest(replaced)
                .replaceValue("active", false)
                .replaceValue("name.givenName", "Augusta")
                .invoke();
        assertThat(deactivated.getActive()).isFalse();
        assertThat(deactivated.getName().getGivenName()).isEqualTo("Augusta");
        assertThat(scim.retrieve("Users", created.getId(), UserResource.class).getActive()).isFalse();

        scim.delete("Users", created.getId());
        assertThatThrownBy(() -> scim.retrieve("Users", created.getId(), UserResource.class))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void groups_create_search_modify_members_replace_and_delete() throws Exception {
        String run = UUID.randomUUID().toString();
        UserResource ada = scim.create("Users", new UserResource().setUserName("ada." + run));
        UserResource bob = scim.create("Users", new UserResource().setUserName("bob." + run));

        GroupResource created = scim.create("Groups", new GroupResource().setDisplayName("Analysts " + run)
                .setMembers(List.of(new Member().setValue(ada.getId()))));
        assertThat(created.getId()).isNotBlank();
        assertThat(created.getMembers()).extracting(Member::getValue).containsExactly(ada.getId());

        ListResponse<GroupResource> found = scim.searchRequest("Groups")
                .filter(Filter.eq("displayName", "ANALYSTS " + run).toString())
                .excludedAttributes("members")
                .invoke(GroupResource.class);
        assertThat(found.getResources()).extracting(GroupResource::getId).containsExactly(created.getId());
        assertThat(found.getResources().getFirst().getMembers()).isNullOrEmpty();

        scim.modifyRequest("Groups", created.getId())
                .addValues("members", new GenericScimResource().asGenericScimResource().getObjectNode()
                        .put("value", bob.getId()))
                .invoke(GroupResource.class);
        assertThat(scim.retrieve("Groups", created.getId(), GroupResource.class).getMembers())
                .extracting(Member::getValue).containsExactlyInAnyOrder(ada.getId(), bob.getId());

        GroupResource current = scim.retrieve("Groups", created.getId(), GroupResource.class);
        current.setDisplayName("Research " + run);
        current.setMembers(List.of(new Member().setValue(bob.getId())));
        GroupResource replaced = scim.replace(current);
        assertThat(replaced.getDisplayName()).isEqualTo("Research " + run);
        assertThat(replaced.getMembers()).extracting(Member::getValue).containsExactly(bob.getId());

        scim.delete("Groups", created.getId());
        assertThatThrownBy(() -> scim.retrieve("Groups", created.getId(), GroupResource.class))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void the_sdk_maps_our_errors_to_its_exceptions() throws Exception {
        String userName = "grace." + UUID.randomUUID();
        UserResource created = scim.create("Users", new UserResource().setUserName(userName));

        assertThatThrownBy(() -> scim.create("Users", new UserResource().setUserName(userName.toUpperCase())))
                .isInstanceOf(ResourceConflictException.class)
                .satisfies(error -> assertThat(((ResourceConflictException) error).getScimError().getScimType())
                        .isEqualTo("uniqueness"));

        UserResource stale = scim.retrieve("Users", created.getId(), UserResource.class);
        scim.modifyRequest(stale).replaceValue("title", "Rear Admiral").invoke();
        assertThatThrownBy(() -> scim.replaceRequest(stale).ifMatch().invoke())
                .isInstanceOf(PreconditionFailedException.class);
    }
}
