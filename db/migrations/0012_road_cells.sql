-- The roads of the low-zoom tiles, kept per zoom below ROAD_CELLS_BELOW_ZOOM (core/tiles/tiles.ts, zooms
-- 0..9): one row per (zoom, tile, county, road class, status) holding the lines of the roads drawn at that
-- zoom (DRAWN_FROM_ZOOM) whose point (ST_PointOnSurface) lies in that tile, merged, simplified at 3 tile
-- units and without the parts shorter than a pixel (8 tile units), in web mercator. A road is 2-4 km and a
-- zoom-9 tile 78 km, so a tile reads its own rows and its 8 neighbours'. Zoom 9 is built from the roads,
-- each lower zoom from the four child tiles of the zoom above (already simplified finer). County = left of
-- the township code, 6 digits; '' for roads without one (the tile route scopes those from the roads).
-- Statement-level triggers rebuild the touched rows in the statement's transaction; a TRUNCATE empties them.
CREATE TABLE IF NOT EXISTS "road_cells" (
	"zoom" smallint NOT NULL,
	"tx" integer NOT NULL,
	"ty" integer NOT NULL,
	"county_code" text NOT NULL,
	"road_class" text NOT NULL,
	"status" text NOT NULL,
	"surface" text NOT NULL,
	"geom" geometry(Geometry, 3857) NOT NULL,
	CONSTRAINT "road_cells_pk" PRIMARY KEY ("zoom", "tx", "ty", "county_code", "road_class", "status", "surface")
);
--> statement-breakpoint
-- The zoom from which a road class is drawn (DRAWN_FROM_ZOOM.roads in core/tiles/tiles.ts).
CREATE OR REPLACE FUNCTION road_class_min_zoom(c text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE c WHEN 'county' THEN 0 WHEN 'township' THEN 8 WHEN 'village' THEN 10 ELSE 11 END
$$;
--> statement-breakpoint
-- The zoom-9 tile of a road ('county|tx|ty'): the tile of its point on surface, latitudes held at the projection's limit.
CREATE OR REPLACE FUNCTION road_cells_key(township_code text, g geometry) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT coalesce(left(township_code, 6), '') || '|'
		|| least(511, greatest(0, floor((ST_X(p) + 20037508.342789244) / (40075016.68557849 / 512))::int)) || '|'
		|| least(511, greatest(0, floor((20037508.342789244 - ST_Y(p)) / (40075016.68557849 / 512))::int))
	FROM (SELECT tile_cell_point(ST_PointOnSurface(g)) AS p) q
$$;
--> statement-breakpoint
-- Lines merged and simplified for zoom z (3 tile units), without parts shorter than a pixel (8 tile units); NULL when none is left.
CREATE OR REPLACE FUNCTION road_cells_line(g geometry, z integer) RETURNS geometry LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT ST_Multi(ST_Collect(d.geom)) FROM ST_Dump(ST_SimplifyPreserveTopology(ST_LineMerge(g),
		3 * 40075016.68557849 / power(2::float8, z) / 4096)) d
	WHERE ST_Dimension(d.geom) = 1 AND ST_Length(d.geom) >= 8 * 40075016.68557849 / power(2::float8, z) / 4096
$$;
--> statement-breakpoint
-- Rebuilds the rows of the zoom-9 tiles named in `keys` ('county|tx|ty') and of their parents at every lower zoom.
CREATE OR REPLACE FUNCTION road_cells_refresh(keys text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	z integer;
BEGIN
	IF keys IS NULL OR cardinality(keys) = 0 THEN RETURN; END IF;
	FOR z IN REVERSE 9..0 LOOP
		DELETE FROM road_cells rc USING (SELECT DISTINCT split_part(k, '|', 1) AS county_code, split_part(k, '|', 2)::int AS tx,
				split_part(k, '|', 3)::int AS ty FROM unnest(keys) k) k
			WHERE rc.zoom = z AND rc.tx = k.tx AND rc.ty = k.ty AND rc.county_code = k.county_code;
		IF z = 9 THEN
			INSERT INTO road_cells (zoom, tx, ty, county_code, road_class, status, surface, geom)
			SELECT 9, k.tx, k.ty, k.county_code, l.road_class, l.status, l.surface, l.geom FROM (
				SELECT DISTINCT split_part(k, '|', 1) AS county_code, split_part(k, '|', 2)::int AS tx, split_part(k, '|', 3)::int AS ty, k AS key
				FROM unnest(keys) k) k
			CROSS JOIN LATERAL (
				SELECT r.road_class, r.status, r.surface, road_cells_line(ST_Collect(ST_Transform(d.geom, 3857)), 9) AS geom
				FROM roads r CROSS JOIN LATERAL ST_Dump(r.geom) d
				WHERE r.geom && ST_Transform(ST_TileEnvelope(9, k.tx, k.ty), 4326)
					AND road_class_min_zoom(r.road_class) <= 9 AND road_cells_key(r.township_code, r.geom) = k.key
				GROUP BY r.road_class, r.status, r.surface) l
			WHERE l.geom IS NOT NULL;
		ELSE
			INSERT INTO road_cells (zoom, tx, ty, county_code, road_class, status, surface, geom)
			SELECT z, k.tx, k.ty, k.county_code, c.road_class, c.status, c.surface, road_cells_line(ST_Collect(d.geom), z)
			FROM (SELECT DISTINCT split_part(k, '|', 1) AS county_code, split_part(k, '|', 2)::int AS tx, split_part(k, '|', 3)::int AS ty
				FROM unnest(keys) k) k
			JOIN road_cells c ON c.zoom = z + 1 AND c.tx IN (2 * k.tx, 2 * k.tx + 1) AND c.ty IN (2 * k.ty, 2 * k.ty + 1)
				AND c.county_code = k.county_code AND road_class_min_zoom(c.road_class) <= z
			CROSS JOIN LATERAL ST_Dump(c.geom) d
			GROUP BY k.tx, k.ty, k.county_code, c.road_class, c.status, c.surface
			HAVING road_cells_line(ST_Collect(d.geom), z) IS NOT NULL;
		END IF;
		-- The parent tiles for the next zoom down.
		SELECT array_agg(DISTINCT split_part(k, '|', 1) || '|' || (split_part(k, '|', 2)::int / 2) || '|' || (split_part(k, '|', 3)::int / 2))
			INTO keys FROM unnest(keys) k;
	END LOOP;
END $$;
--> statement-breakpoint
-- The tiles of the statement's roads before and after it (transition tables are seen by this function
-- only, hence the dynamic SQL on the rows it names).
CREATE OR REPLACE FUNCTION road_cells_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	source text;
	keys text[];
BEGIN
	IF TG_OP = 'TRUNCATE' THEN
		DELETE FROM road_cells;
		RETURN NULL;
	ELSIF TG_OP = 'INSERT' THEN
		source := 'SELECT township_code, geom FROM new_rows';
	ELSIF TG_OP = 'UPDATE' THEN
		source := 'SELECT township_code, geom FROM new_rows UNION ALL SELECT township_code, geom FROM old_rows';
	ELSE
		source := 'SELECT township_code, geom FROM old_rows';
	END IF;
	EXECUTE format('SELECT array_agg(DISTINCT road_cells_key(township_code, geom)) FROM (%s) s WHERE geom IS NOT NULL', source) INTO keys;
	PERFORM road_cells_refresh(keys);
	RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "roads_road_cells_insert" ON "roads";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "roads_road_cells_update" ON "roads";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "roads_road_cells_delete" ON "roads";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "roads_road_cells_truncate" ON "roads";
--> statement-breakpoint
CREATE TRIGGER "roads_road_cells_insert" AFTER INSERT ON "roads" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION road_cells_record();
--> statement-breakpoint
CREATE TRIGGER "roads_road_cells_update" AFTER UPDATE ON "roads" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION road_cells_record();
--> statement-breakpoint
CREATE TRIGGER "roads_road_cells_delete" AFTER DELETE ON "roads" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION road_cells_record();
--> statement-breakpoint
CREATE TRIGGER "roads_road_cells_truncate" AFTER TRUNCATE ON "roads" FOR EACH STATEMENT EXECUTE FUNCTION road_cells_record();
--> statement-breakpoint
-- The roads already there.
DELETE FROM road_cells;
--> statement-breakpoint
SELECT road_cells_refresh((SELECT array_agg(DISTINCT road_cells_key(township_code, geom)) FROM roads WHERE geom IS NOT NULL));
--> statement-breakpoint
ANALYZE road_cells;
