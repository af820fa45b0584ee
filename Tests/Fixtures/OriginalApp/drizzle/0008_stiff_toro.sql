ALTER TABLE "checkouts" ADD COLUMN "order_bump_ids" json;
