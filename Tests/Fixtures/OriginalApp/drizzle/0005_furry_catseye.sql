CREATE TABLE IF NOT EXISTS "payment_gateways" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"public_key" text,
	"secret_key" text,
	"postback_url" text,
	"is_active" boolean DEFAULT false,
	CONSTRAINT "payment_gateways_name_unique" UNIQUE("name")
);
