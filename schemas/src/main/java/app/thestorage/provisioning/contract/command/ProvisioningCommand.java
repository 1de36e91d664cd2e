package app.thestorage.provisioning.contract.command;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * A change to a user or a group, on {@code provisioning.commands.v1}: a SCIM write accepted
 * by ingest-api, or a directory-sync or photo change from photo-fetcher.
 * Everything the projector needs to decide deterministically travels in the command (ids, the time),
 * so that re-processing after a crash reaches the same decision.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "command")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CreateUser.class, name = "CreateUser"),
        @JsonSubTypes.Type(value = ReplaceUser.class, name = "ReplaceUser"),
        @JsonSubTypes.Type(value = PatchUser.class, name = "PatchUser"),
        @JsonSubTypes.Type(value = DeleteUser.class, name = "DeleteUser"),
        @JsonSubTypes.Type(value = SyncDirectoryProfile.class, name = "SyncDirectoryProfile"),
        @JsonSubTypes.Type(value = SetProfilePhoto.class, name = "SetProfilePhoto"),
        @JsonSubTypes.Type(value = CreateGroup.class, name = "CreateGroup"),
        @JsonSubTypes.Type(value = ChangeGroup.class, name = "ChangeGroup"),
        @JsonSubTypes.Type(value = DeleteGroup.class, name = "DeleteGroup"),
        @JsonSubTypes.Type(value = EraseTenant.class, name = "EraseTenant"),
        @JsonSubTypes.Type(value = PublishTenantState.class, name = "PublishTenantState")
})
public sealed interface ProvisioningCommand
        permits CreateUser, ReplaceUser, PatchUser, DeleteUser, SyncDirectoryProfile, SetProfilePhoto,
                CreateGroup, ChangeGroup, DeleteGroup, EraseTenant, PublishTenantState {

    /** Unique per HTTP request; the outcome is addressed to it. */
    String requestId();

    String tenant();

    /** The identity provider that sent the request; null for the tenant commands of the admin API. */
    IdentityProvider source();

    /** When ingest-api accepted the request; becomes meta.created / meta.lastModified. */
    Instant issuedAt();
}
