-- Where the layers changed, for the tile cache (api/tiles/cache.ts): every statement that inserts,
-- updates or deletes features records the extent of the rows before and after it; a TRUNCATE
-- records the whole layer (no extent). The cache reads the rows newer than those it has seen, so
-- every write path (imports, projects, deletes, restores, SQL by hand) invalidates the tiles it
-- touches, on every process of the instance. Rows older than a day are pruned as new ones come.
CREATE TABLE IF NOT EXISTS "tile_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"layer" text NOT NULL,
	"w" double precision,
	"s" double precision,
	"e" double precision,
	"n" double precision,
	"at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tile_changes_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM tile_changes WHERE at < clock_timestamp() - interval '1 day';
	IF TG_OP = 'TRUNCATE' THEN
		INSERT INTO tile_changes (layer) VALUES (TG_TABLE_NAME);
	ELSIF TG_OP = 'INSERT' THEN
		INSERT INTO tile_changes (layer, w, s, e, n)
		SELECT TG_TABLE_NAME, ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)
		FROM (SELECT ST_Extent(geom) AS b FROM new_rows) x WHERE b IS NOT NULL;
	ELSIF TG_OP = 'UPDATE' THEN
		INSERT INTO tile_changes (layer, w, s, e, n)
		SELECT TG_TABLE_NAME, ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)
		FROM (SELECT ST_Extent(geom) AS b FROM (SELECT geom FROM old_rows UNION ALL SELECT geom FROM new_rows) g) x WHERE b IS NOT NULL;
	ELSE
		INSERT INTO tile_changes (layer, w, s, e, n)
		SELECT TG_TABLE_NAME, ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)
		FROM (SELECT ST_Extent(geom) AS b FROM old_rows) x WHERE b IS NOT NULL;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['regions', 'villages', 'sites', 'roads', 'water', 'facilities', 'hazards'] LOOP
		EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tile_changes_record()', t || '_tiles_insert', t);
		EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tile_changes_record()', t || '_tiles_update', t);
		EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tile_changes_record()', t || '_tiles_delete', t);
		EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION tile_changes_record()', t || '_tiles_truncate', t);
	END LOOP;
END $$;
