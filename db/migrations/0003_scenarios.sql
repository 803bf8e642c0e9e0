CREATE TABLE "assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"scenario_id" integer NOT NULL,
	"village_code" text NOT NULL,
	"site_key" text NOT NULL,
	"households" integer NOT NULL,
	"persons" integer NOT NULL,
	"poor_households" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scenario_sites" (
	"id" serial PRIMARY KEY NOT NULL,
	"scenario_id" integer NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"site_code" text,
	"radius_m" double precision,
	"capacity_households" integer,
	"capacity_population" integer,
	"floor_area_m2" double precision,
	"promoted_site_code" text,
	"extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"geom" geometry(Geometry, 4326)
);
--> statement-breakpoint
CREATE TABLE "scenarios" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_scenario_id_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."scenarios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scenario_sites" ADD CONSTRAINT "scenario_sites_scenario_id_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."scenarios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_unique_idx" ON "assignments" USING btree ("scenario_id","village_code","site_key");--> statement-breakpoint
CREATE UNIQUE INDEX "scenario_sites_key_idx" ON "scenario_sites" USING btree ("scenario_id","key");--> statement-breakpoint
CREATE INDEX "scenario_sites_geom_gist" ON "scenario_sites" USING gist ("geom");--> statement-breakpoint
CREATE UNIQUE INDEX "scenarios_county_name_idx" ON "scenarios" USING btree ("county_code",lower("name"));