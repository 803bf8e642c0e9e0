-- The village clusters of the low-zoom tiles, kept per zoom below CLUSTER_BELOW_ZOOM (core/tiles/tiles.ts,
-- zooms 0..9): square cells of a 16th of the tile in web mercator (the grid api/tiles/build.ts draws), one
-- row per cell and county (left of the township code, 6 digits) so that a tile limited to a province or a
-- county sums only its counties. A row holds how many villages lie in it and the sums of their mercator x
-- and y (the centroid is their mean, as ST_Centroid(ST_Collect) of the points), and, when it holds one
-- village, which one. Statement-level triggers keep the rows exact in the statement's transaction, from
-- the rows before and after it; a TRUNCATE empties them. Rows of an empty cell are deleted.
CREATE TABLE IF NOT EXISTS "tile_cells" (
	"zoom" smallint NOT NULL,
	"cx" integer NOT NULL,
	"cy" integer NOT NULL,
	"county_code" text NOT NULL,
	"n" integer NOT NULL,
	"sx" double precision NOT NULL,
	"sy" double precision NOT NULL,
	"code" text,
	CONSTRAINT "tile_cells_pk" PRIMARY KEY ("zoom", "cx", "cy", "county_code")
);
--> statement-breakpoint
-- Rows a statement left empty or with one village not yet named: none between statements.
CREATE INDEX IF NOT EXISTS "tile_cells_pending_idx" ON "tile_cells" ("zoom") WHERE "n" <= 1 AND "code" IS NULL;
--> statement-breakpoint
-- The side of a cell at zoom z in mercator metres: the world (2 × 20037508.342789244) over 16 cells a tile.
CREATE OR REPLACE FUNCTION tile_cell_side(z integer) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT 40075016.68557849::float8 / power(2::float8, z + 4)
$$;
--> statement-breakpoint
-- A village's point in web mercator (latitudes beyond the projection's limit held at it).
CREATE OR REPLACE FUNCTION tile_cell_point(g geometry) RETURNS geometry LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT ST_Transform(ST_SetSRID(ST_MakePoint(ST_X(g), greatest(-85.0511287798, least(85.0511287798, ST_Y(g)))), 4326), 3857)
$$;
--> statement-breakpoint
-- Adds the statement's villages to the cells of every zoom, those after it counted +1 and those before it
-- -1 (a village unchanged in code, county and point cancels out). The transition tables are seen by
-- this function only (not by one it calls), hence the dynamic SQL on the rows it names.
CREATE OR REPLACE FUNCTION tile_cells_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	source text;
BEGIN
	IF TG_OP = 'TRUNCATE' THEN
		DELETE FROM tile_cells;
		RETURN NULL;
	ELSIF TG_OP = 'INSERT' THEN
		source := 'SELECT code, township_code, geom, 1 AS sign FROM new_rows';
	ELSIF TG_OP = 'UPDATE' THEN
		source := 'SELECT code, township_code, geom, 1 AS sign FROM new_rows UNION ALL SELECT code, township_code, geom, -1 FROM old_rows';
	ELSE
		source := 'SELECT code, township_code, geom, -1 AS sign FROM old_rows';
	END IF;
	EXECUTE format($q$
		WITH changed AS (
			SELECT code, county_code, x, y, sum(sign)::int AS sign FROM (
				SELECT s.code, left(s.township_code, 6) AS county_code, ST_X(s.p) AS x, ST_Y(s.p) AS y, s.sign
				FROM (SELECT code, township_code, tile_cell_point(geom) AS p, sign FROM (%s) src) s
			) c GROUP BY code, county_code, x, y HAVING sum(sign) <> 0),
		d AS (
			SELECT z::smallint AS zoom, floor(c.x / tile_cell_side(z))::int AS cx, floor(c.y / tile_cell_side(z))::int AS cy, c.county_code,
				sum(c.sign)::int AS dn, sum(c.sign * c.x) AS dsx, sum(c.sign * c.y) AS dsy,
				min(c.code) FILTER (WHERE c.sign > 0) AS added
			FROM changed c CROSS JOIN generate_series(0, 9) z
			GROUP BY 1, 2, 3, 4)
		INSERT INTO tile_cells AS t (zoom, cx, cy, county_code, n, sx, sy, code)
		SELECT zoom, cx, cy, county_code, dn, dsx, dsy, CASE WHEN dn = 1 THEN added END FROM d
		ON CONFLICT (zoom, cx, cy, county_code) DO UPDATE
			SET n = t.n + excluded.n, sx = t.sx + excluded.sx, sy = t.sy + excluded.sy, code = NULL
	$q$, source);
	DELETE FROM tile_cells WHERE n <= 0 AND code IS NULL;
	-- A cell left with one village (or whose one village changed): which one it is, from the villages in it.
	UPDATE tile_cells t SET code = (
		SELECT v.code FROM villages v
		WHERE v.geom && ST_Expand(ST_Transform(ST_MakeEnvelope(t.cx * tile_cell_side(t.zoom), t.cy * tile_cell_side(t.zoom),
				(t.cx + 1) * tile_cell_side(t.zoom), (t.cy + 1) * tile_cell_side(t.zoom), 3857), 4326), 1e-7)
			AND left(v.township_code, 6) = t.county_code
			AND floor(ST_X(tile_cell_point(v.geom)) / tile_cell_side(t.zoom))::int = t.cx
			AND floor(ST_Y(tile_cell_point(v.geom)) / tile_cell_side(t.zoom))::int = t.cy
		ORDER BY v.code LIMIT 1)
	WHERE n = 1 AND code IS NULL;
	RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "villages_tile_cells_insert" ON "villages";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "villages_tile_cells_update" ON "villages";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "villages_tile_cells_delete" ON "villages";
--> statement-breakpoint
DROP TRIGGER IF EXISTS "villages_tile_cells_truncate" ON "villages";
--> statement-breakpoint
CREATE TRIGGER "villages_tile_cells_insert" AFTER INSERT ON "villages" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tile_cells_record();
--> statement-breakpoint
CREATE TRIGGER "villages_tile_cells_update" AFTER UPDATE ON "villages" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tile_cells_record();
--> statement-breakpoint
CREATE TRIGGER "villages_tile_cells_delete" AFTER DELETE ON "villages" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tile_cells_record();
--> statement-breakpoint
CREATE TRIGGER "villages_tile_cells_truncate" AFTER TRUNCATE ON "villages" FOR EACH STATEMENT EXECUTE FUNCTION tile_cells_record();
--> statement-breakpoint
-- The villages already there.
DELETE FROM tile_cells;
--> statement-breakpoint
INSERT INTO tile_cells (zoom, cx, cy, county_code, n, sx, sy, code)
SELECT z, floor(p.x / tile_cell_side(z))::int, floor(p.y / tile_cell_side(z))::int, p.county_code,
	count(*)::int, sum(p.x), sum(p.y), CASE WHEN count(*) = 1 THEN min(p.code) END
FROM (SELECT code, left(township_code, 6) AS county_code, ST_X(tile_cell_point(geom)) AS x, ST_Y(tile_cell_point(geom)) AS y FROM villages) p
	CROSS JOIN generate_series(0, 9) z
GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
ANALYZE tile_cells;
