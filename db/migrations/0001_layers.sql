CREATE TABLE "facilities" (
	"code" text PRIMARY KEY NOT NULL,
	"extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"township_code" text,
	"geom" geometry(Point, 4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazards" (
	"code" text PRIMARY KEY NOT NULL,
	"extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text,
	"kind" text NOT NULL,
	"level" text,
	"geom" geometry(Geometry, 4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" text PRIMARY KEY NOT NULL,
	"extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" text,
	"exit_year" integer,
	"planned_exit_year" integer,
	"geom" geometry(Geometry, 4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roads" (
	"code" text PRIMARY KEY NOT NULL,
	"extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text,
	"road_class" text NOT NULL,
	"surface" text NOT NULL,
	"length_m" double precision,
	"township_code" text,
	"status" text NOT NULL,
	"progress_pct" double precision,
	"planned_start" date,
	"planned_end" date,
	"actual_start" date,
	"actual_end" date,
	"budget_cny" double precision,
	"spent_cny" double precision,
	"funding_state" double precision,
	"funding_sector" double precision,
	"funding_self" double precision,
	"funding_other" double precision,
	"contractor" text,
	"geom" geometry(Geometry, 4326)
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"code" text PRIMARY KEY NOT NULL,
	"extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"township_code" text NOT NULL,
	"kind" text,
	"decision" text NOT NULL,
	"capacity_households" integer,
	"capacity_population" integer,
	"floor_area_m2" double precision,
	"land_status" text,
	"status" text NOT NULL,
	"progress_pct" double precision,
	"planned_start" date,
	"planned_end" date,
	"actual_start" date,
	"actual_end" date,
	"budget_cny" double precision,
	"spent_cny" double precision,
	"funding_state" double precision,
	"funding_sector" double precision,
	"funding_self" double precision,
	"funding_other" double precision,
	"contractor" text,
	"geom" geometry(Geometry, 4326)
);
--> statement-breakpoint
CREATE TABLE "villages" (
	"code" text PRIMARY KEY NOT NULL,
	"extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"township_code" text NOT NULL,
	"households" integer NOT NULL,
	"population" integer NOT NULL,
	"poor_households" integer,
	"poor_population" integer,
	"is_poor_village" boolean,
	"planned_exit_year" integer,
	"exit_year" integer,
	"elevation_m" double precision,
	"has_electricity" boolean,
	"has_broadband" boolean,
	"has_clinic" boolean,
	"has_cultural_room" boolean,
	"relocation" text,
	"relocation_households" integer,
	"relocation_population" integer,
	"relocation_poor_households" integer,
	"relocation_site_code" text,
	"geom" geometry(Point, 4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "water" (
	"code" text PRIMARY KEY NOT NULL,
	"extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text,
	"kind" text NOT NULL,
	"capacity_m3" double precision,
	"capacity_m3_per_day" double precision,
	"serves_population" integer,
	"service_radius_m" double precision,
	"township_code" text,
	"status" text NOT NULL,
	"progress_pct" double precision,
	"planned_start" date,
	"planned_end" date,
	"actual_start" date,
	"actual_end" date,
	"budget_cny" double precision,
	"spent_cny" double precision,
	"funding_state" double precision,
	"funding_sector" double precision,
	"funding_self" double precision,
	"funding_other" double precision,
	"contractor" text,
	"geom" geometry(Geometry, 4326)
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text NOT NULL,
	"scope" text DEFAULT '' NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "settings_key_scope_pk" PRIMARY KEY("key","scope")
);
--> statement-breakpoint
CREATE TABLE "project_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"layer" text NOT NULL,
	"code" text NOT NULL,
	"entry_date" date NOT NULL,
	"status" text NOT NULL,
	"progress_pct" double precision,
	"spent_cny" double precision,
	"note" text,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "facilities_geom_gist" ON "facilities" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "facilities_geog_gist" ON "facilities" USING gist (("geom"::geography));--> statement-breakpoint
CREATE INDEX "facilities_kind_idx" ON "facilities" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "hazards_geom_gist" ON "hazards" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "hazards_geog_gist" ON "hazards" USING gist (("geom"::geography));--> statement-breakpoint
CREATE INDEX "regions_geom_gist" ON "regions" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "regions_geog_gist" ON "regions" USING gist (("geom"::geography));--> statement-breakpoint
CREATE INDEX "regions_parent_idx" ON "regions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "roads_geom_gist" ON "roads" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "roads_geog_gist" ON "roads" USING gist (("geom"::geography));--> statement-breakpoint
CREATE INDEX "roads_township_idx" ON "roads" USING btree ("township_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "sites_geom_gist" ON "sites" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "sites_geog_gist" ON "sites" USING gist (("geom"::geography));--> statement-breakpoint
CREATE INDEX "sites_township_idx" ON "sites" USING btree ("township_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "villages_geom_gist" ON "villages" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "villages_geog_gist" ON "villages" USING gist (("geom"::geography));--> statement-breakpoint
CREATE INDEX "villages_township_idx" ON "villages" USING btree ("township_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "villages_code_prefix_idx" ON "villages" USING btree ("code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "water_geom_gist" ON "water" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "water_geog_gist" ON "water" USING gist (("geom"::geography));--> statement-breakpoint
CREATE INDEX "water_township_idx" ON "water" USING btree ("township_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "project_log_feature_idx" ON "project_log" USING btree ("layer","code");