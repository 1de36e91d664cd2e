-- Provisioning health reads a tenant's recent requests by time (the last hour, the last day, since its token was
-- issued): a range of this index per tenant. The status rides along so counting failures needs no table row.
CREATE INDEX provisioning_log_by_tenant_and_time ON provisioning_log (tenant, at) INCLUDE (status);
