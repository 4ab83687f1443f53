-- the audit trail is filtered by actor (kiste audit list --actor, the admin API)
CREATE INDEX ix_audit_actor ON audit_event (actor, at);
