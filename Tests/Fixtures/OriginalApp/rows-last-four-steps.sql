-- Rows of the tables and columns the original app's last four steps (0008-0011) brought: the order bumps a
-- checkout chose, the bumps, and the ads with their events. 10,000 impressions and 400 clicks, and each ad's
-- counters equal to its rows, as the app's transactions kept them.
INSERT INTO order_bumps (name, description, price, is_active, image_url, display_order, created_at) VALUES
  ('Pacote de fotos extras', 'Mais 50 fotos em alta resolução', 990, true, 'uploads/bumps/fotos.jpg', 1, '2025-02-01 12:00:00'),
  ('Chamada de vídeo', NULL, 4990, false, NULL, 2, '2025-02-01 12:05:00');
UPDATE checkouts SET order_bump_ids = '[1]' WHERE order_bump;

INSERT INTO ads (name, type, placement, status, title, subtitle, cta_text, image_url, link, category, priority,
                 start_date, end_date, created_at, updated_at) VALUES
  ('Topo — verão', 'hero', 'home_top', 'active', 'Promoção de verão', 'Assine e ganhe 20% de desconto', 'Assinar',
   'uploads/ads/verao.jpg', 'https://exemplo.com.br/assinar', 'promoção', 10, '2025-01-01 00:00:00', NULL,
   '2025-01-01 00:00:00', '2025-01-02 00:00:00'),
  ('Bloco do meio', 'diamond_block', 'home_middle', 'active', 'Conheça as novas criadoras', NULL, NULL, NULL,
   'https://exemplo.com.br/modelos', NULL, 5, NULL, NULL, '2025-01-05 00:00:00', '2025-01-05 00:00:00'),
  ('Lateral', 'spot', 'sidebar', 'paused', 'Anuncie aqui', 'Fale com a gente', 'Contato', NULL,
   'https://parceiro.exemplo.com.br', 'parceiros', 0, NULL, '2025-12-31 23:59:59', '2025-01-07 00:00:00', '2025-02-01 00:00:00'),
  ('Feed da modelo', 'diamond', 'feed_model', 'active', 'Conteúdo patrocinado', NULL, 'Ver', 'uploads/ads/feed.jpg',
   'https://exemplo.com.br/p/1', NULL, 1, NULL, NULL, '2025-01-09 00:00:00', '2025-01-09 00:00:00'),
  ('Entrar', 'banner', 'login', 'draft', 'Ainda não é membro?', NULL, 'Cadastre-se', NULL,
   'https://exemplo.com.br/cadastro', NULL, 0, NULL, NULL, '2025-01-10 00:00:00', '2025-01-10 00:00:00');
INSERT INTO impressions (ad_id, placement, user_agent, ip, created_at)
SELECT 1 + g % 4, (ARRAY['home_top', 'home_middle', 'sidebar', 'feed_model'])[1 + g % 4],
       CASE WHEN g % 11 = 0 THEN NULL ELSE 'Mozilla/5.0 (Linux; Android 14) Chrome/13' || (g % 10) END,
       CASE WHEN g % 13 = 0 THEN NULL ELSE '200.' || (g % 250) || '.' || (g % 199) || '.' || (g % 97) END,
       timestamp '2025-03-01 00:00:00' + g * interval '7 minutes'
FROM generate_series(1, 10000) AS g;
INSERT INTO clicks (ad_id, placement, user_agent, ip, created_at)
SELECT 1 + g % 4, (ARRAY['home_top', 'home_middle', 'sidebar', 'feed_model'])[1 + g % 4],
       'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) Safari/60' || (g % 5), '177.' || (g % 200) || '.0.' || (g % 90),
       timestamp '2025-03-01 00:03:00' + g * interval '3 hours'
FROM generate_series(1, 400) AS g;
UPDATE ads SET impressions = (SELECT count(*) FROM impressions WHERE ad_id = ads.id),
               clicks = (SELECT count(*) FROM clicks WHERE ad_id = ads.id);
