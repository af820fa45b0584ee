-- Rows of the original app's database after its first eight steps (0000-0007), as its operator and members made
-- them: Portuguese text with accents, nulls where the seed allows them, times as the app wrote them (UTC, in
-- `timestamp without time zone`). Subscriptions are dated from now, so "active" stays active whenever the test runs.
-- Passwords: bcrypt, cost 10 as bcryptjs's default, in each prefix its family writes ($2a$, $2b$, $2y$), plus one
-- at cost 12. The hashes were made with libxcrypt (Python's crypt module), not with the code under test:
--   admin@exemplo.com.br   senha-do-admin     joana@exemplo.com.br  senha-da-joana
--   joao@exemplo.com.br    senha-do-joao      lucia@exemplo.com.br  senha-da-lucia
--   bia@exemplo.com.br     senha-da-bia       membroN@exemplo.com.br senha-do-membro
-- antigo@exemplo.com.br holds a hash from an older stack (PBKDF2), which CreatorFlix can't read.
-- Charge ids are Mercado Pago's payment ids, as the app stored them.

INSERT INTO plans (name, price, benefits, cta_text, checkout_url, accepts_pix, accepts_card, duration) VALUES
  ('Mensal', 2990, '["Acesso a todas as criadoras", "Vídeos em alta definição"]', 'Assinar agora', NULL, true, true, 30),
  ('Trimestral', 7990, '["Tudo do Mensal", "Economia de 11%"]', 'Quero o trimestral', 'https://pagar.exemplo.com.br/tri', true, false, 90),
  ('Anual', 24990, NULL, NULL, NULL, true, true, 365);

INSERT INTO users (email, password, role, created_at, name, subscription_status) VALUES
  ('admin@exemplo.com.br', '$2b$10$Tl/Occ/k6CoRRHGolt9yau./lPszZ16F6vz/h2Nsf314lxmvw4ucG', 'admin', '2025-01-15 12:00:00', 'Administração', 0),
  ('joana@exemplo.com.br', '$2a$10$j0MvPu6UqXh66X0oaIKhguL.MfLINic0Gqekobk0sf5E8yoLG14my', 'user', '2025-02-03 18:42:10.123', 'Joana Conceição', 1),
  ('joao@exemplo.com.br', '$2y$10$ru4hf4Rh5.wX5lVuNMGnS.9hH7XMQwANLpoQgUb4.hJW9R6xC3DO2', 'user', '2025-02-10 09:05:00', 'João Araújo', 2),
  ('lucia@exemplo.com.br', '$2b$12$3dbxoJP03UWymGuzxHMifO17UkwmddYUMoDtvb/HwA7NflzoGEecO', 'user', '2025-03-01 22:30:00', 'Lúcia Gonçalves', 0),
  ('bia@exemplo.com.br', '$2a$10$DgBjwxzHxqp0b3.TCpLXUub7NZhaLyTKQiSIkx3qC16AyCIymWY9K', 'user', '2025-03-02 08:00:00', NULL, 0),
  ('antigo@exemplo.com.br', 'pbkdf2_sha256$260000$c2FsdGluaG8$kVn3O1qk8rK1V1nJxv6cQ1uZr3mF1yq3H0r9T1c2a3E=', 'user', '2024-12-01 10:00:00', 'Usuário Antigo', 0);
INSERT INTO users (email, password, role, created_at, name, subscription_status)
SELECT 'membro' || g || '@exemplo.com.br', '$2a$10$YHzD72SBLb6myU0glwZ.geAkpHEWK8eDxPk3zfpt6ejUm47Qz46Na', 'user',
       timestamp '2025-04-01 00:00:00' + g * interval '37 minutes',
       CASE WHEN g % 7 = 0 THEN NULL ELSE 'Membro Nº ' || g || ' de São José' END, g % 3
FROM generate_series(1, 300) AS g;

-- Joana's access is active, João's expired, Lúcia's is waiting for a payment; members spread over the three.
INSERT INTO subscriptions (user_id, plan_id, external_id, start_date, end_date, status, created_at) VALUES
  ((SELECT id FROM users WHERE email = 'joana@exemplo.com.br'), 1, '1319990001',
   (now() AT TIME ZONE 'UTC') - interval '10 days', (now() AT TIME ZONE 'UTC') + interval '20 days', 'active', '2025-02-03 18:45:00'),
  ((SELECT id FROM users WHERE email = 'joao@exemplo.com.br'), 2, '1319990002',
   (now() AT TIME ZONE 'UTC') - interval '120 days', (now() AT TIME ZONE 'UTC') - interval '30 days', 'expired', '2025-02-10 09:10:00'),
  ((SELECT id FROM users WHERE email = 'lucia@exemplo.com.br'), 1, NULL, NULL, NULL, 'pending', '2025-03-01 22:31:00');
INSERT INTO subscriptions (user_id, plan_id, external_id, start_date, end_date, status, created_at)
SELECT u.id, 1 + u.id % 3, CASE WHEN u.id % 3 = 0 THEN NULL ELSE (1319992000 + u.id)::text END,
       CASE WHEN u.id % 3 = 0 THEN NULL ELSE (now() AT TIME ZONE 'UTC') - interval '15 days' END,
       CASE u.id % 3 WHEN 0 THEN NULL WHEN 1 THEN (now() AT TIME ZONE 'UTC') + interval '15 days'
                     ELSE (now() AT TIME ZONE 'UTC') - interval '1 day' END,
       CASE u.id % 3 WHEN 0 THEN 'pending' WHEN 1 THEN 'active' ELSE 'expired' END, u.created_at
FROM users AS u WHERE u.email LIKE 'membro%';

INSERT INTO models (name, description, icon_url, banner_url, is_featured, created_at, is_advertiser)
SELECT (ARRAY['Ágata', 'Bárbara', 'Cecília', 'Débora', 'Érica', 'Flávia', 'Glória', 'Hélia', 'Íris', 'Júlia'])[1 + g % 10] || ' ' || g,
       CASE WHEN g % 4 = 0 THEN NULL ELSE 'Conteúdo exclusivo, ensaios e bastidores — atualizado toda semana. Nº ' || g END,
       CASE WHEN g % 5 = 0 THEN NULL ELSE 'uploads/models/' || g || '/icone.jpg' END,
       CASE WHEN g % 3 = 0 THEN NULL ELSE 'uploads/models/' || g || '/capa.jpg' END,
       g % 6 = 0, timestamp '2025-01-20 10:00:00' + g * interval '1 day', g % 9 = 0
FROM generate_series(1, 30) AS g;
INSERT INTO posts (model_id, title, content_url, type, created_at)
SELECT 1 + g % 30, CASE WHEN g % 8 = 0 THEN NULL ELSE 'Ensaio nº ' || g || ': pôr do sol em Ipanema' END,
       'uploads/posts/' || g || CASE WHEN g % 5 = 0 THEN '.mp4' ELSE '.jpg' END,
       CASE WHEN g % 5 = 0 THEN 'video' ELSE 'image' END, timestamp '2025-02-01 00:00:00' + g * interval '3 hours'
FROM generate_series(1, 600) AS g;

INSERT INTO admin_settings (key, value) VALUES
  ('site_name', 'Clube das Criadoras'), ('support_text', 'Fale conosco pelo WhatsApp, das 9h às 18h.'),
  ('tagline', 'Conteúdo exclusivo das suas criadoras favoritas'), ('whatsapp_banner', 'Promoção de verão: 20% off');

INSERT INTO whitelabel_models (folder_name, thumbnail_url, icon_url, banner_url, post_count, status, last_synced_at, created_at)
SELECT 'criadora-' || g, 'whitelabel/criadora-' || g || '/thumb.jpg', NULL,
       CASE WHEN g % 2 = 0 THEN 'whitelabel/criadora-' || g || '/capa.jpg' END, 4,
       (ARRAY['new', 'active', 'hidden', 'active', 'active'])[g], timestamp '2025-05-01 03:00:00', timestamp '2025-04-30 03:00:00'
FROM generate_series(1, 5) AS g;
INSERT INTO whitelabel_posts (whitelabel_model_id, folder_name, title, media_cdns, created_at)
SELECT 1 + (g - 1) / 4, 'post-' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'Sessão ' || g || ' — verão' END,
       json_build_array('https://cdn.exemplo.com.br/wl/' || g || '/1.jpg', 'https://cdn.exemplo.com.br/wl/' || g || '/2.jpg'),
       timestamp '2025-05-01 03:00:00' + g * interval '1 minute'
FROM generate_series(1, 20) AS g;
INSERT INTO whitelabel_media (whitelabel_post_id, s3_key, url, type, created_at)
SELECT 1 + (g - 1) / 3, 'whitelabel/criadora-' || (1 + (g - 1) / 12) || '/post-' || (1 + (g - 1) / 3) || '/' || g
         || CASE WHEN g % 3 = 0 THEN '.mp4' ELSE '.jpg' END,
       'https://cdn.exemplo.com.br/wl/m/' || g, CASE WHEN g % 3 = 0 THEN 'video' ELSE 'image' END,
       timestamp '2025-05-01 03:00:00' + g * interval '1 second'
FROM generate_series(1, 60) AS g;

INSERT INTO support_contacts (platform, url, is_active, updated_at) VALUES
  ('whatsapp', 'https://wa.me/5511999990000', true, '2025-03-10 14:00:00'),
  ('telegram', 'https://t.me/clubedascriadoras', false, '2025-03-10 14:05:00'),
  ('email', 'mailto:suporte@exemplo.com.br', true, NULL);

-- The provider's secret in clear, as the original app kept it.
INSERT INTO payment_gateways (name, public_key, secret_key, postback_url, is_active) VALUES
  ('mercadopago', 'APP_USR-1a2b3c4d-public', 'APP_USR-1234567890123456-112233-0123456789abcdef0123456789abcdef-123456789',
   'https://antigo.exemplo.com.br/api/webhooks/mercadopago', true);

INSERT INTO checkouts (user_id, plan_id, external_id, status, payment_method, order_bump, total_amount, customer_name,
                       customer_email, customer_document, customer_phone, created_at, updated_at) VALUES
  ((SELECT id FROM users WHERE email = 'joana@exemplo.com.br'), 1, '1319990001', 'paid', 'credit_card', true, 3980,
   'Joana Conceição', 'joana@exemplo.com.br', '12345678909', '+55 11 98888-7777', '2025-02-03 18:44:00', '2025-02-03 18:45:00'),
  ((SELECT id FROM users WHERE email = 'lucia@exemplo.com.br'), 1, '1319993001', 'pending', 'pix', false, 2990,
   'Lúcia Gonçalves', 'lucia@exemplo.com.br', '98765432100', NULL, (now() AT TIME ZONE 'UTC') - interval '5 minutes',
   (now() AT TIME ZONE 'UTC') - interval '5 minutes'),
  (NULL, 3, NULL, 'abandoned', NULL, false, 24990, NULL, 'visitante@exemplo.com.br', NULL, NULL,
   '2025-03-05 11:00:00', '2025-03-05 12:00:00'),
  ((SELECT id FROM users WHERE email = 'joao@exemplo.com.br'), 2, '1319990002', 'failed', 'credit_card', false, 7990,
   'João Araújo', 'joao@exemplo.com.br', '11144477735', '+55 21 97777-6666', '2025-02-10 09:06:00', '2025-02-10 09:08:00');
