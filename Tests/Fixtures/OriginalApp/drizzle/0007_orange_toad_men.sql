ALTER TABLE "models" ADD COLUMN "is_advertiser" boolean DEFAULT false;
