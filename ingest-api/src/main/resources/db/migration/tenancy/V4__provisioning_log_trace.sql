-- The trace of each SCIM request (W3C trace id), to find it in the traces and the logs of every service it reached.
ALTER TABLE provisioning_log ADD COLUMN trace_id text;
