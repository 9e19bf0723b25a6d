-- Acceptances of the terms (T-1.1) and of service owners' conditions (T-1.2.5) are evidence: they can be superseded
-- by a later acceptance, never edited or deleted. The database refuses it, whatever the application does.
CREATE OR REPLACE FUNCTION samsvar_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows cannot be changed or deleted (they are signed evidence)', TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER terms_acceptances_immutable BEFORE UPDATE OR DELETE ON "terms_acceptances"
  FOR EACH ROW EXECUTE FUNCTION samsvar_refuse_change();
--> statement-breakpoint
CREATE TRIGGER condition_acceptances_immutable BEFORE UPDATE OR DELETE ON "condition_acceptances"
  FOR EACH ROW EXECUTE FUNCTION samsvar_refuse_change();
