-- The exit classes of each county (db/schema/exit_classes.ts), kept by statement triggers on villages and
-- village_facts in the writing transaction; a TRUNCATE of villages empties them.
CREATE TABLE "exit_classes" (
	"county_code" text NOT NULL,
	"is_poor_village" boolean,
	"planned_exit_year" integer,
	"exit_year" integer,
	"meets" boolean,
	"failing" text[],
	"problems" text[],
	"villages" integer NOT NULL,
	"population" double precision NOT NULL,
	"poor_population" double precision NOT NULL,
	"known_population" double precision NOT NULL,
	"poor_codes" text[]
);
--> statement-breakpoint
CREATE INDEX "exit_classes_county_idx" ON "exit_classes" USING btree ("county_code");--> statement-breakpoint
-- Counts the classes of these counties again from their villages and stored judgement (a county is the
-- left six digits of a village code, which starts with its township's code).
CREATE OR REPLACE FUNCTION exit_classes_count(counties text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM exit_classes WHERE county_code = ANY(counties);
	INSERT INTO exit_classes (county_code, is_poor_village, planned_exit_year, exit_year, meets, failing, problems,
		villages, population, poor_population, known_population, poor_codes)
	SELECT c.county, t.is_poor_village, t.planned_exit_year, t.exit_year, f.exit_meets, f.exit_failing, f.exit_problems,
		count(*)::int, sum(t.population)::float8, coalesce(sum(t.poor_population), 0)::float8,
		coalesce(sum(t.population) FILTER (WHERE t.poor_population IS NOT NULL), 0)::float8,
		CASE WHEN t.is_poor_village IS TRUE THEN array_agg(t.code ORDER BY t.code) END
	FROM (SELECT DISTINCT unnest(counties) AS county) c
		-- Village codes are digits: those of a county lie between it and it followed by a letter (an index range).
		JOIN villages t ON t.code >= c.county AND t.code < c.county || 'A'
		LEFT JOIN village_facts f ON f.village_code = t.code
	GROUP BY 1, 2, 3, 4, 5, 6, 7;
END $$;
--> statement-breakpoint
-- After a statement on villages or village_facts: the counties of the rows it changed in what the classes
-- read (rows added, removed, or changed in those columns) are counted again. The transition tables are
-- seen by this function only (not by one it calls), hence the dynamic SQL on the rows it names.
CREATE OR REPLACE FUNCTION exit_classes_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	key text;
	read text;
	source text;
	counties text[];
BEGIN
	IF TG_TABLE_NAME = 'villages' THEN
		key := 'code';
		read := 'is_poor_village, planned_exit_year, exit_year, population, poor_population';
	ELSE
		key := 'village_code';
		read := 'exit_meets, exit_failing, exit_problems';
	END IF;
	IF TG_OP = 'TRUNCATE' THEN
		IF TG_TABLE_NAME = 'villages' THEN
			DELETE FROM exit_classes;
		ELSE
			PERFORM exit_classes_count(ARRAY(SELECT DISTINCT county_code FROM exit_classes));
		END IF;
		RETURN NULL;
	ELSIF TG_OP = 'INSERT' THEN
		source := format('SELECT %I AS k FROM new_rows', key);
	ELSIF TG_OP = 'DELETE' THEN
		source := format('SELECT %I AS k FROM old_rows', key);
	ELSE
		source := format('SELECT coalesce(n.%1$I, o.%1$I) AS k FROM new_rows n FULL JOIN old_rows o ON o.%1$I = n.%1$I
			WHERE n.%1$I IS NULL OR o.%1$I IS NULL OR (%2$s) IS DISTINCT FROM (%3$s)',
			key, 'n.' || replace(read, ', ', ', n.'), 'o.' || replace(read, ', ', ', o.'));
	END IF;
	EXECUTE format('SELECT array_agg(DISTINCT left(k, 6)) FROM (%s) s', source) INTO counties;
	IF counties IS NOT NULL THEN
		PERFORM exit_classes_count(counties);
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "villages_exit_classes_insert" ON "villages";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "villages_exit_classes_update" ON "villages";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "villages_exit_classes_delete" ON "villages";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "villages_exit_classes_truncate" ON "villages";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "village_facts_exit_classes_insert" ON "village_facts";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "village_facts_exit_classes_update" ON "village_facts";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "village_facts_exit_classes_delete" ON "village_facts";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "village_facts_exit_classes_truncate" ON "village_facts";
--> statement-breakpoint
CREATE TRIGGER "villages_exit_classes_insert" AFTER INSERT ON "villages" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION exit_classes_record();
--> statement-breakpoint
CREATE TRIGGER "villages_exit_classes_update" AFTER UPDATE ON "villages" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION exit_classes_record();
--> statement-breakpoint
CREATE TRIGGER "villages_exit_classes_delete" AFTER DELETE ON "villages" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION exit_classes_record();
--> statement-breakpoint
CREATE TRIGGER "villages_exit_classes_truncate" AFTER TRUNCATE ON "villages" FOR EACH STATEMENT EXECUTE FUNCTION exit_classes_record();
--> statement-breakpoint
CREATE TRIGGER "village_facts_exit_classes_insert" AFTER INSERT ON "village_facts" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION exit_classes_record();
--> statement-breakpoint
CREATE TRIGGER "village_facts_exit_classes_update" AFTER UPDATE ON "village_facts" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION exit_classes_record();
--> statement-breakpoint
CREATE TRIGGER "village_facts_exit_classes_delete" AFTER DELETE ON "village_facts" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION exit_classes_record();
--> statement-breakpoint
CREATE TRIGGER "village_facts_exit_classes_truncate" AFTER TRUNCATE ON "village_facts" FOR EACH STATEMENT EXECUTE FUNCTION exit_classes_record();
--> statement-breakpoint
-- The villages already there.
SELECT exit_classes_count(ARRAY(SELECT DISTINCT left(code, 6) FROM villages));
--> statement-breakpoint
ANALYZE exit_classes;
