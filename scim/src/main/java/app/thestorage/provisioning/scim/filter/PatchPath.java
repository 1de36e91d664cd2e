package app.thestorage.provisioning.scim.filter;

import app.thestorage.provisioning.scim.schema.AttributePath;

/**
 * The target of a PATCH operation: an attribute, optionally narrowed to the values matching a filter
 * ({@code emails[type eq "work"]}), optionally one sub-attribute of those ({@code ...].value}).
 */
public record PatchPath(AttributePath attribute, Filter valueFilter, String subAttribute) {
}
