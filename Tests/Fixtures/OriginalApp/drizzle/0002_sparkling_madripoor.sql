ALTER TABLE "plans" ADD COLUMN "duration" integer NOT NULL;
