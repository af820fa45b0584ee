"""End-to-end journeys through a running CreatorFlix, in a real headless Chromium.

Each journey drives the site as a person would and fails loudly when the page does not show what it should.
Every page visited is saved as a screenshot at phone and desktop widths under --artifacts.
"""
import argparse
import base64
import email
import email.policy
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support.ui import WebDriverWait

from make_bucket import png

PHONE = (390, 844)
DESKTOP = (1366, 900)


class Journeys:
    def __init__(self, base_url, artifacts, admin_email, admin_password, binary, mercado_pago=None, maildir=None):
        self.base_url = base_url.rstrip("/")
        # The Mercado Pago stand-in's origin (another address than the site's), when it runs.
        self.mercado_pago = mercado_pago.rstrip("/") if mercado_pago else None
        self.binary = binary
        # Where the real SMTP server (aiosmtpd) writes what the site sends it.
        self.maildir = maildir
        self.artifacts = artifacts
        self.admin_email = admin_email
        self.admin_password = admin_password
        self.shot = 0
        os.makedirs(artifacts, exist_ok=True)
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--lang=pt-BR", "--no-first-run", "--disable-extensions"):
            options.add_argument(argument)
        # The site must render with no network beyond itself: refuse every other host.
        # 127.0.0.2 is the payment provider's stand-in, another origin than the site's.
        options.add_argument("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE 127.0.0.2")
        service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
        self.browser = webdriver.Chrome(service=service, options=options)
        self.browser.set_page_load_timeout(30)
        self.axe = Axe(self.browser)
        # Every violation found, as (page, width, rule, element); the run fails if any.
        self.accessibility_violations = []
        self.visitor_email = f"visitante-{uuid.uuid4().hex[:8]}@e2e.test"
        self.visitor_password = "senha-do-visitante-1"

    # Helpers

    def open(self, path):
        self.browser.get(self.base_url + path)

    def path(self):
        return "/" + self.browser.current_url.split("/", 3)[3] if self.browser.current_url.count("/") >= 3 else "/"

    def text(self):
        return self.browser.find_element(By.TAG_NAME, "body").text

    def fill(self, field, value):
        element = self.browser.find_element(By.NAME, field)
        element.clear()
        element.send_keys(value)

    def submit(self, form_selector="main form"):
        """Submits a form and waits for the page that answers it, so no check reads the old page."""
        self.click_and_wait(self.browser.find_element(By.CSS_SELECTOR, form_selector + " button[type=submit]"))

    def click_and_wait(self, element):
        """Clicks, then waits until a new document has loaded: the old one carried a marker the new one lacks.
        (Waiting for the old element to go stale trips over Chromium's inspector errors mid-navigation.)"""
        self.browser.execute_script("window.__creatorflixOldPage = true")
        element.click()

        def new_page_loaded(browser):
            try:
                return browser.execute_script(
                    "return window.__creatorflixOldPage === undefined && document.readyState === 'complete'")
            except WebDriverException:
                return False  # mid-navigation
        WebDriverWait(self.browser, 15, poll_frequency=0.1).until(new_page_loaded)

    def expect(self, condition, message):
        if not condition:
            self.capture("failure")
            raise AssertionError(f"{message} (at {self.browser.current_url})")

    def expect_text(self, text):
        self.expect(text in self.text(), f"the page does not show {text!r}")

    def capture(self, name):
        """Saves the page at phone and desktop widths, and audits it at each with axe-core (WCAG 2 A and AA)."""
        self.shot += 1
        for label, (width, height) in (("phone", PHONE), ("desktop", DESKTOP)):
            self.browser.set_window_size(width, height)
            file = os.path.join(self.artifacts, f"{self.shot:02d}-{name}-{label}.png")
            self.browser.save_screenshot(file)
            self.audit(name, label)
        # Every page must be styled: the stylesheet loaded and applied its dark background.
        background = self.browser.execute_script(
            "return getComputedStyle(document.body).backgroundColor")
        self.expect(background == "rgb(14, 15, 19)", f"the stylesheet is not applied on {name} ({background})")

    def audit(self, name, width):
        """axe-core, the auditor in browsers' developer tools, on the page as it is now."""
        self.axe.inject()
        results = self.axe.run(options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}})
        for violation in results["violations"]:
            for node in violation["nodes"]:
                self.accessibility_violations.append(
                    (name, width, violation["id"], violation["impact"], " ".join(node["target"]), node.get("failureSummary", "")))

    def sign_out(self):
        self.browser.delete_all_cookies()

    def sign_in(self, email, password):
        self.open("/entrar")
        self.fill("email", email)
        self.fill("password", password)
        self.submit()

    # Journeys

    def a_visitor_registers_and_sees_the_account_page(self):
        self.open("/")
        self.capture("home")
        self.open("/cadastro")
        self.capture("sign-up")
        self.fill("name", "Visitante E2E")
        self.fill("email", "  " + self.visitor_email.upper() + " ")
        self.fill("password", self.visitor_password)
        self.submit()
        self.expect(self.path().startswith("/conta"), "registration did not land on the account page")
        self.expect_text(self.visitor_email)
        self.expect_text("Conta criada")
        self.expect_text("Você ainda não tem uma assinatura.")
        self.capture("account")

    def a_wrong_password_is_refused_with_a_message(self):
        self.sign_out()
        self.sign_in(self.visitor_email, "senha-errada-123")
        self.expect(self.path().startswith("/entrar"), "a wrong password left the sign-in page")
        self.expect_text("E-mail ou senha incorretos.")
        self.capture("sign-in-refused")

    def mail_to(self, address, subject_part, timeout=30):
        """The newest message the SMTP server took for `address` whose subject holds `subject_part`, as the
        member's mail program reads it."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            for envelope_path in sorted(glob.glob(os.path.join(self.maildir, "*.json")), reverse=True):
                with open(envelope_path) as envelope_file:
                    envelope = json.load(envelope_file)
                if address not in envelope["rcpt_tos"]:
                    continue
                with open(envelope_path[:-len(".json")] + ".eml", "rb") as message_file:
                    message = email.message_from_binary_file(message_file, policy=email.policy.default)
                if subject_part in message["Subject"]:
                    return message
            time.sleep(0.5)
        raise AssertionError(f"no mail with '{subject_part}' reached {address} in {timeout} s")

    def a_member_resets_the_password_from_the_mailed_link(self):
        self.sign_out()
        self.open("/entrar")
        self.click_and_wait(self.browser.find_element(By.LINK_TEXT, "Esqueci minha senha"))
        self.expect(self.path() == "/esqueci-a-senha", "the sign-in page's link did not open the reset form")
        self.capture("forgot-password")
        self.fill("email", self.visitor_email)
        self.submit()
        self.expect_text("Confira seu e-mail")
        self.capture("reset-link-sent")
        message = self.mail_to(self.visitor_email, "Redefina sua senha")
        text = message.get_body(preferencelist=("plain",)).get_content()
        links = re.findall(r"https?://\S+/redefinir-senha\?token=\S+", text)
        self.expect(len(links) == 1, f"the reset mail carries no single link: {text}")
        html = message.get_body(preferencelist=("html",)).get_content()
        self.expect(links[0].replace("&", "&amp;") in html, "the HTML part does not carry the text part's link")
        self.browser.get(links[0])
        self.expect_text("Escolha uma nova senha")
        self.capture("reset-password")
        new_password = "senha-redefinida-2"
        self.fill("password", new_password)
        self.submit()
        self.expect(self.path().startswith("/entrar"), "saving the new password did not lead to the sign-in page")
        self.expect_text("Senha alterada")
        self.sign_in(self.visitor_email, self.visitor_password)
        self.expect_text("E-mail ou senha incorretos.")
        self.sign_in(self.visitor_email, new_password)
        self.expect(self.path().startswith("/conta"), "the new password did not open the account")
        self.visitor_password = new_password
        # The link is spent: opened again, it says so.
        self.browser.get(links[0])
        self.expect_text("Pedir um novo link")

    def an_admin_adds_a_support_contact_and_sees_it_in_the_footer(self):
        self.sign_out()
        self.sign_in(self.admin_email, self.admin_password)
        self.expect(self.path().startswith("/admin"), "the admin did not land in the admin panel")
        self.expect_text("Visão geral")
        self.capture("admin-dashboard")
        self.open("/admin/suporte")
        self.capture("admin-support-contacts")
        platform = "WhatsApp E2E"
        url = "https://wa.me/5511912345678"
        self.fill("platform", platform)
        self.fill("url", url)
        checkbox = self.browser.find_element(By.NAME, "is_active")
        if not checkbox.is_selected():
            checkbox.click()
        self.submit("#novo form")
        self.expect_text("Contato criado.")
        self.open("/")
        links = self.browser.find_elements(By.CSS_SELECTOR, "footer a")
        self.expect(any(link.text == platform and link.get_attribute("href") == url for link in links),
                    "the new contact is not in the footer")
        self.capture("footer-with-contact")
        for path, name in (("/admin/usuarios", "admin-users"), ("/admin/configuracoes", "admin-settings")):
            self.open(path)
            self.capture(name)

    def a_non_admin_is_refused_the_admin_panel(self):
        self.sign_out()
        self.sign_in(self.visitor_email, self.visitor_password)
        self.expect(self.path().startswith("/conta"), "the visitor could not sign in")
        self.open("/admin")
        self.expect_text("Acesso negado")
        self.expect("Visão geral" not in self.text(), "the dashboard leaked to a non-admin")
        self.capture("admin-refused")

    def an_admin_syncs_the_bucket_and_activates_a_model(self):
        self.sign_out()
        self.sign_in(self.admin_email, self.admin_password)
        self.open("/admin/whitelabel")
        self.click_and_wait(self.browser.find_element(By.XPATH, "//button[normalize-space()='Sincronizar agora']"))

        # The page reloads itself every few seconds while the sync runs, which can pull a page away from under
        # any read: open it afresh until the finished report shows, and retry a read that a reload interrupted.
        deadline = time.monotonic() + 60
        while True:
            try:
                self.open("/admin/whitelabel")
                if "Concluída" in self.text():
                    break
            except WebDriverException:
                pass
            self.expect(time.monotonic() < deadline, "the sync did not finish within a minute")
            time.sleep(1)
        self.open("/admin/whitelabel?situacao=new")
        self.expect_text("Modelo E2E")
        self.capture("admin-whitelabel")
        self.browser.find_element(By.CSS_SELECTOR, "input[aria-label='Modelo E2E']").click()
        self.submit("#moderacao")
        self.expect_text("1 modelo alterado.")

    def a_visitor_sees_only_locked_previews(self):
        self.sign_out()
        self.open("/catalogo")
        self.expect_text("Modelo E2E")
        self.expect("Outra Modelo" not in self.text(), "a model still new is public")
        self.capture("catalogue-visitor")
        self.click_and_wait(self.browser.find_element(By.PARTIAL_LINK_TEXT, "Modelo E2E"))
        self.expect_text("Conteúdo para assinantes")
        sources = [image.get_attribute("src") or "" for image in self.browser.find_elements(By.TAG_NAME, "img")]
        self.expect(not any("Ensaio" in source or "Praia" in source for source in sources),
                    f"a visitor received a media URL: {sources}")
        self.expect(len(self.browser.find_elements(By.CSS_SELECTOR, ".media-tile.locked-preview")) == 3,
                    "the three media are not shown as locked previews")
        self.capture("model-visitor")

    def a_subscriber_sees_the_media(self):
        self.sign_out()
        self.sign_in("assinante@creatorflix.demo", "demo-assinante-2026")
        self.open("/catalogo")
        self.click_and_wait(self.browser.find_element(By.PARTIAL_LINK_TEXT, "Modelo E2E"))
        self.expect("Conteúdo para assinantes" not in self.text(), "a subscriber sees the lock")
        images = [image for image in self.browser.find_elements(By.CSS_SELECTOR, "img.media-tile")]
        self.expect(len(images) == 3, f"expected 3 images, found {len(images)}")
        WebDriverWait(self.browser, 15).until(lambda browser: all(
            browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image) for image in images))
        self.capture("model-subscriber")

    # The site's own catalogue

    def api(self, method, path, body=None, token=None):
        """Calls the JSON API, as a script of the operator's would."""
        request = urllib.request.Request(self.base_url + path, method=method,
                                         data=json.dumps(body).encode() if body is not None else None)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"null")

    def upload_file(self, name, rgb):
        path = os.path.join(self.files, name)
        with open(path, "wb") as file:
            file.write(png(480, 600, rgb))
        return path

    def an_admin_creates_a_model_with_an_uploaded_icon_and_two_posts(self):
        self.files = tempfile.mkdtemp(prefix="creatorflix-e2e-files-")
        self.sign_out()
        self.sign_in(self.admin_email, self.admin_password)
        self.open("/admin/modelos/nova")
        self.fill("name", "Criadora E2E")
        self.fill("description", "Ensaios de teste, feitos pelo navegador.")
        self.browser.find_element(By.NAME, "icon_file").send_keys(self.upload_file("icone.png", (229, 72, 77)))
        self.submit()
        self.expect_text("Modelo salva.")
        self.creator_id = int(self.path().split("?")[0].rstrip("/").split("/")[-1])

        # Thirteen older posts, linked through the API, so the feed has a second page to load.
        token = self.api("POST", "/api/v1/auth/login", {"email": self.admin_email, "password": self.admin_password})["token"]
        for index in range(13):
            self.api("POST", f"/api/v1/admin/models/{self.creator_id}/posts",
                     {"title": f"Arquivo {index + 1}", "content_url": f"https://cdn.example.com/arquivo-{index + 1}.jpg"}, token)

        for title, colour in (("Primeiro ensaio E2E", (61, 214, 140)), ("Segundo ensaio E2E", (80, 120, 240))):
            self.open(f"/admin/modelos/{self.creator_id}/publicacoes/nova")
            self.fill("title", title)
            self.browser.find_element(By.NAME, "content_file").send_keys(self.upload_file(f"{title}.png", colour))
            self.submit()
            self.expect_text("Publicação salva.")
        self.open(f"/admin/modelos/{self.creator_id}")
        self.expect_text("Segundo ensaio E2E")
        self.capture("admin-creator-model")

    def a_visitor_sees_the_new_models_posts_locked(self):
        self.sign_out()
        self.open("/")
        self.expect_text("Criadora E2E")
        self.capture("home-visitor")
        self.open(f"/modelos/{self.creator_id}")
        self.expect_text("Conteúdo para assinantes")
        icon = self.browser.find_element(By.CSS_SELECTOR, "img.model-icon")
        WebDriverWait(self.browser, 15).until(lambda browser: browser.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth > 0", icon))
        tiles = self.browser.find_elements(By.CSS_SELECTOR, "#feed .locked-preview")
        self.expect(len(tiles) == 12, f"expected 12 locked tiles on the first page, found {len(tiles)}")
        html = self.browser.page_source
        self.expect("uploads/posts" not in html and "cdn.example.com/arquivo" not in html,
                    "a visitor's page carries a media URL")
        self.capture("creator-model-visitor")

        # The next page loads in place: the address stays, the feed grows, the link goes on the last page.
        self.browser.find_element(By.ID, "feed-more").click()
        WebDriverWait(self.browser, 15).until(
            lambda browser: len(browser.find_elements(By.CSS_SELECTOR, "#feed > li:not(.ad-tile)")) == 15)
        self.expect(self.path() == f"/modelos/{self.creator_id}", f"loading more left the page for {self.path()}")
        self.expect(not self.browser.find_elements(By.ID, "feed-more"), "the last page still offers more")
        self.expect_text("Arquivo 1")
        self.capture("creator-model-visitor-more")

        self.click_and_wait(self.browser.find_element(By.PARTIAL_LINK_TEXT, "Segundo ensaio E2E"))
        self.expect_text("Conteúdo para assinantes")
        self.expect(not self.browser.find_elements(By.CSS_SELECTOR, "img.post-media"), "a visitor sees the post's image")
        self.capture("creator-post-visitor")

    def a_subscriber_sees_the_new_models_media(self):
        self.sign_out()
        self.sign_in("assinante@creatorflix.demo", "demo-assinante-2026")
        self.open(f"/modelos/{self.creator_id}")
        self.expect("Conteúdo para assinantes" not in self.text(), "a subscriber sees the lock")
        uploaded = self.browser.find_elements(By.CSS_SELECTOR, "#feed > li:nth-child(-n+2) img.media-tile")
        self.expect(len(uploaded) == 2, f"expected the two uploaded images first, found {len(uploaded)}")
        WebDriverWait(self.browser, 15).until(lambda browser: all(
            browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image) for image in uploaded))
        self.capture("creator-model-subscriber")
        self.click_and_wait(self.browser.find_element(By.PARTIAL_LINK_TEXT, "Primeiro ensaio E2E"))
        image = self.browser.find_element(By.CSS_SELECTOR, "img.post-media")
        WebDriverWait(self.browser, 15).until(lambda browser: browser.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth == 480", image))
        self.capture("creator-post-subscriber")

    def a_visitor_finds_a_model_without_typing_its_accents(self):
        self.sign_out()
        self.open("/")
        self.fill("q", "julia")
        self.submit("form.search-form")
        self.expect_text("Júlia Andrade")
        self.capture("search")

    # Commerce

    def fill_pix_checkout(self, name, email):
        """A visitor's details on a plan's checkout page, paying by Pix."""
        self.fill("name", name)
        self.fill("email", email)
        self.fill("cpf", "529.982.247-25")
        self.fill("phone", "(11) 91234-5678")
        self.fill("password", "senha-da-compradora-1")
        self.browser.find_element(By.ID, "method-pix").click()

    def a_visitor_subscribes_by_pix_and_the_content_opens(self):
        self.sign_out()
        self.open("/planos")
        self.capture("plans")
        self.click_and_wait(self.browser.find_element(By.CSS_SELECTOR, ".plan-card a.button"))
        bumps = self.browser.find_elements(By.CSS_SELECTOR, "input[name='bump_ids[]']")
        self.expect(len(bumps) >= 2, f"expected at least two order bumps, found {len(bumps)}")
        for bump in bumps[:2]:
            bump.click()
        self.fill_pix_checkout("Compradora E2E", f"compradora-{uuid.uuid4().hex[:8]}@e2e.test")
        self.capture("checkout")
        self.submit("form.checkout-form")
        checkout_id = self.the_pix_on_screen_reads_as_its_code("pix")

        # The sandbox "provider" pays: a signed postback to the webhook, over HTTP. The page polls and moves on.
        subprocess.run([self.binary, "simulate-payment", "--checkout", checkout_id, "--url", self.base_url],
                       check=True, capture_output=True, env=os.environ)
        self.wait_for_confirmation()
        self.capture("paid")
        self.the_content_opens("content-unlocked")

    def the_pix_on_screen_reads_as_its_code(self, name):
        """On the payment page: the QR code, read by a real decoder, is the copia-e-cola beside it. Returns the
        checkout's id."""
        self.expect_text("Pague com Pix")
        checkout_id = re.search(r"/pagamento/(\d+)", self.browser.current_url).group(1)
        code = self.browser.find_element(By.ID, "pix-code").get_attribute("value")
        qr_file = os.path.join(self.artifacts, f"{name}-qr.png")
        with open(qr_file, "wb") as file:
            file.write(self.browser.find_element(By.CSS_SELECTOR, ".pix-qr").screenshot_as_png)
        decoded = subprocess.run(["zbarimg", "--raw", "-q", qr_file], capture_output=True, text=True).stdout.strip()
        self.expect(decoded == code, f"the QR code reads {decoded!r}, the page shows {code!r}")
        self.capture(name)
        return checkout_id

    def a_visitor_subscribes_by_pix_automatico_and_cancels_it(self):
        """The monthly plan by Pix in the sandbox: one QR code pays the first month and asks for Pix Automático
        (field 80); the simulated payment authorises it, and cancelling on /conta/assinatura ends it for good."""
        self.sign_out()
        self.open("/planos")
        self.click_and_wait(self.browser.find_element(By.LINK_TEXT, "Assinar o mensal"))
        self.fill_pix_checkout("Compradora Pix Automático", f"pix-automatico-{uuid.uuid4().hex[:8]}@e2e.test")
        self.expect_text("Por Pix Automático: o QR code paga o primeiro período")
        self.capture("checkout-pix-automatico")
        self.submit("form.checkout-form")
        checkout_id = self.the_pix_on_screen_reads_as_its_code("pix-automatico")
        code = self.browser.find_element(By.ID, "pix-code").get_attribute("value")
        self.expect("80" in code and "/rec/sbxrec" in code, f"the code asks for no recurrence: {code!r}")
        subprocess.run([self.binary, "simulate-payment", "--checkout", checkout_id, "--url", self.base_url],
                       check=True, capture_output=True, env=os.environ)
        self.wait_for_confirmation()
        self.open("/conta/assinatura")
        self.expect_text("Automática, por Pix Automático")
        self.expect_text("Próxima cobrança")
        self.capture("pix-automatico-account")
        self.click_and_wait(self.browser.find_element(By.XPATH, "//button[normalize-space()='Cancelar a renovação']"))
        self.expect_text("Renovação cancelada. Seu acesso continua até o fim do período pago.")
        self.expect(not self.browser.find_elements(By.XPATH, "//button[normalize-space()='Retomar a renovação']"),
                    "a cancelled Pix Automático recurrence offers to resume")
        self.capture("pix-automatico-cancelled")

    def an_admin_pays_a_pending_checkout_by_simulation_and_sees_the_revenue(self):
        # A buyer leaves a Pix checkout unpaid.
        self.sign_out()
        self.open("/planos")
        self.click_and_wait(self.browser.find_element(By.CSS_SELECTOR, ".plan-card a.button"))
        buyer = f"pendente-{uuid.uuid4().hex[:8]}@e2e.test"
        self.fill_pix_checkout("Compradora Pendente", buyer)
        self.submit("form.checkout-form")
        self.expect_text("Pague com Pix")

        # The admin finds it by e-mail, and has the sandbox pay it: the button posts the signed postback to the
        # site's own webhook over HTTP, like a provider would.
        self.sign_out()
        self.sign_in(self.admin_email, self.admin_password)
        self.open("/admin/checkouts?status=pending&email=" + buyer)
        self.expect_text(buyer)
        self.capture("admin-checkouts")
        self.click_and_wait(self.browser.find_element(By.CSS_SELECTOR, "main table tbody a"))
        self.click_and_wait(self.browser.find_element(By.XPATH, "//button[normalize-space()='Simular pagamento']"))
        self.expect_text("Postback enviado e aceito pelo webhook.")
        self.expect_text("applied")
        self.capture("admin-checkout-paid")

        self.open("/admin/receita")
        self.expect(len(self.browser.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar")) >= 30, "the revenue chart has no bars")
        self.expect_text("Assinantes ativos")
        self.capture("admin-revenue")
        self.open("/admin/assinaturas?email=" + buyer)
        self.expect_text(buyer)
        self.capture("admin-subscriptions")
        self.open("/admin/gateways")
        self.expect_text("/api/v1/webhooks/sandbox")
        self.expect("demo-sandbox-secret" not in self.browser.page_source, "the gateway secret is on the page")
        self.capture("admin-gateways")

    def a_visitor_pays_by_card_in_the_sandbox_and_the_content_opens(self):
        """The sandbox takes the card on our own page (test mode): 4111 1111 1111 1111 is approved at once."""
        self.sign_out()
        self.open("/planos")
        self.click_and_wait(self.browser.find_element(By.CSS_SELECTOR, ".plan-card a.button"))
        self.fill_pix_checkout("Compradora Sandbox", f"sandbox-{uuid.uuid4().hex[:8]}@e2e.test")
        self.browser.find_element(By.ID, "method-credit_card").click()
        self.fill("card_number", "4111 1111 1111 1111")
        self.expect_text("4111 1111 1111 1111 aprova")
        self.capture("checkout-sandbox-card")
        self.submit("form.checkout-form")
        self.wait_for_confirmation()
        self.capture("sandbox-card-paid")
        self.the_content_opens("sandbox-card-content-unlocked")

    def a_member_renews_by_card_manages_the_subscription_and_prints_a_receipt(self):
        """The demo's monthly plan recurs: bought with the sandbox's card, the sandbox charges its next cycle
        (simulate-payment --subscription, a signed postback over HTTP), and the member turns the renewal off and
        on, picks the plan of the next renewal, and prints a receipt, all on /conta/assinatura."""
        admin = self.api("POST", "/api/v1/auth/login", {"email": self.admin_email, "password": self.admin_password})["token"]
        quarterly = self.api("POST", "/api/v1/admin/plans", {
            "name": "Trimestral recorrente", "price": 7490, "duration_days": 90, "billing": "recurring",
            "billing_period": "P3M", "cta_text": "Assinar o trimestral recorrente"}, admin)
        self.sign_out()
        self.open("/planos")
        self.click_and_wait(self.browser.find_element(By.LINK_TEXT, "Assinar o mensal"))
        buyer = f"recorrente-{uuid.uuid4().hex[:8]}@e2e.test"
        self.fill_pix_checkout("Compradora Recorrente", buyer)
        self.browser.find_element(By.ID, "method-credit_card").click()
        self.fill("card_number", "4111 1111 1111 1111")
        self.expect_text("a assinatura renova sozinha")
        self.capture("checkout-recurring")
        self.submit("form.checkout-form")
        self.wait_for_confirmation()

        member = self.api("POST", "/api/v1/auth/login", {"email": buyer, "password": "senha-da-compradora-1"})["token"]
        bought = self.api("GET", "/api/v1/me/subscription", token=member)["subscription"]
        self.expect(bought["renews_by_itself"], f"the card purchase does not renew by itself: {bought}")
        renewal = subprocess.run(
            [self.binary, "simulate-payment", "--subscription", str(bought["id"]), "--url", self.base_url],
            capture_output=True, text=True, env=os.environ)
        self.expect(renewal.returncode == 0, f"simulate-payment --subscription failed: {renewal.stderr or renewal.stdout}")
        renewed = self.api("GET", "/api/v1/me/subscription", token=member)["subscription"]
        self.expect(renewed["end_date"] > bought["end_date"], f"the renewal did not extend it: {bought} → {renewed}")
        payments = self.api("GET", "/api/v1/me/payments", token=member)["payments"]
        self.expect(len(payments) == 2, f"expected the purchase and the renewal, found {payments}")

        self.open("/conta")
        self.click_and_wait(self.browser.find_element(By.LINK_TEXT, "Gerenciar assinatura e pagamentos"))
        self.expect_text("Próxima cobrança")
        self.expect_text("R$ 29,90")
        rows = self.browser.find_elements(By.CSS_SELECTOR, "#pagamentos tbody tr")
        self.expect(len(rows) == 2, f"the payment history shows {len(rows)} rows, not 2")
        self.capture("member-subscription")

        self.click_and_wait(self.browser.find_element(By.XPATH, "//button[normalize-space()='Cancelar a renovação']"))
        self.expect_text("Renovação cancelada. Seu acesso continua até o fim do período pago.")
        self.expect("Próxima cobrança" not in self.text(), "a cancelled renewal still shows a next charge")
        self.capture("member-subscription-cancelled")
        self.click_and_wait(self.browser.find_element(By.XPATH, "//button[normalize-space()='Retomar a renovação']"))
        self.expect_text("Renovação retomada")
        self.expect_text("Próxima cobrança")

        Select(self.browser.find_element(By.NAME, "plan_id")).select_by_value(str(quarterly["id"]))
        self.submit("form.switch-plan")
        self.expect_text("Plano salvo para a próxima renovação.")
        facts = self.browser.find_element(By.CSS_SELECTOR, "#assinatura dl.facts").text
        self.expect("Trimestral recorrente" in facts and "R$ 74,90" in facts,
                    f"the next renewal does not show the plan chosen: {facts!r}")
        self.capture("member-subscription-switched")

        self.click_and_wait(self.browser.find_elements(By.CSS_SELECTOR, "#pagamentos tbody a")[-1])
        self.expect_text("R$ 29,90")
        self.expect_text("***.982.247-**")
        self.expect("529.982.247-25" not in self.text(), "the receipt shows the buyer's whole CPF")
        self.capture("receipt")
        # As printed: the site's frame and the print hint are left out, and Chromium makes a PDF of it.
        self.browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        hidden = self.browser.execute_script(
            "return [...document.querySelectorAll('.site-header, .site-footer, .no-print')]"
            ".every(element => getComputedStyle(element).display === 'none')")
        background = self.browser.execute_script("return getComputedStyle(document.body).backgroundColor")
        self.browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        self.expect(hidden, "the printed receipt still shows the site's header, footer or hint")
        self.expect(background == "rgb(255, 255, 255)", f"the printed receipt is not on white ({background})")
        data = base64.b64decode(self.browser.print_page())
        self.expect(data.startswith(b"%PDF") and len(data) > 2000, f"the receipt did not print to a PDF ({len(data)} bytes)")
        with open(os.path.join(self.artifacts, "receipt.pdf"), "wb") as file:
            file.write(data)

    # Mercado Pago, through its stand-in on another origin

    def activate_gateway(self, token, name, **fields):
        gateways = self.api("GET", "/api/v1/admin/gateways", token=token)
        existing = next((gateway for gateway in gateways["gateways"] if gateway["name"] == name), None) \
            if isinstance(gateways, dict) else next((gateway for gateway in gateways if gateway["name"] == name), None)
        body = dict(fields, name=name, is_active=True)
        if existing:
            self.api("PUT", f"/api/v1/admin/gateways/{existing['id']}", body, token)
        else:
            self.api("POST", "/api/v1/admin/gateways", body, token)

    def with_mercado_pago(self, journey):
        """Runs a journey with Mercado Pago as the active gateway, and the sandbox active again afterwards."""
        token = self.api("POST", "/api/v1/auth/login", {"email": self.admin_email, "password": self.admin_password})["token"]
        self.activate_gateway(token, "mercadopago", public_key="APP_USR-e2e-public-key",
                              secret_key="APP_USR-e2e-stand-in-access-token", webhook_secret="e2e-stand-in-webhook-secret")
        try:
            journey()
        finally:
            self.activate_gateway(token, "sandbox")

    def wait_for_confirmation(self):
        # payment.js reloads the page when the status changes: a body read mid-reload is stale, so look again.
        WebDriverWait(self.browser, 20, poll_frequency=0.5, ignored_exceptions=[StaleElementReferenceException]).until(
            lambda browser: "Pagamento confirmado" in browser.find_element(By.TAG_NAME, "body").text)

    def the_content_opens(self, label):
        self.open("/")
        self.click_and_wait(self.browser.find_element(By.CSS_SELECTOR, ".featured-strip a.model-card"))
        self.expect("Conteúdo para assinantes" not in self.text(), "the new subscriber still sees the lock")
        self.expect(len(self.browser.find_elements(By.CSS_SELECTOR, "#feed img.media-tile")) > 0, "no media shown to the new subscriber")
        self.capture(label)

    def a_visitor_pays_by_card_on_mercado_pago_and_the_content_opens(self):
        def journey():
            self.sign_out()
            self.open("/planos")
            # A one-time plan: Checkout Pro's page (the monthly plan recurs, through a preapproval, below).
            self.click_and_wait(self.browser.find_element(By.LINK_TEXT, "Assinar o trimestral"))
            self.fill_pix_checkout("Compradora Cartão", f"cartao-{uuid.uuid4().hex[:8]}@e2e.test")
            self.expect(not self.browser.find_elements(By.NAME, "card_number"), "our page asks for the card number")
            self.browser.find_element(By.ID, "method-credit_card").click()
            self.capture("checkout-card")
            # The form posts to us; our answer leads to Mercado Pago's page, on another origin.
            self.browser.find_element(By.CSS_SELECTOR, "form.checkout-form button[type=submit]").click()
            WebDriverWait(self.browser, 15, poll_frequency=0.2).until(
                lambda browser: browser.current_url.startswith(self.mercado_pago + "/checkout/v1/redirect"))
            WebDriverWait(self.browser, 10).until(lambda browser: browser.find_elements(By.ID, "pay"))
            self.expect("R$" in self.text(), "the provider's page shows no amount")
            self.browser.save_screenshot(os.path.join(self.artifacts, "mercado-pago-stand-in.png"))
            self.browser.find_element(By.ID, "card").send_keys("5031 4332 1540 6351")
            # Paid: the stand-in sends the signed webhook, then the buyer back to back_urls.success.
            self.click_and_wait(self.browser.find_element(By.ID, "pay"))
            self.expect(self.browser.current_url.startswith(self.base_url + "/pagamento/"),
                        f"the buyer came back to {self.browser.current_url}")
            self.expect("collection_status=approved" in self.browser.current_url, "back_urls got no Checkout Pro query")
            self.wait_for_confirmation()
            self.capture("card-paid")
            self.the_content_opens("card-content-unlocked")
        self.with_mercado_pago(journey)

    def stand_in(self, method, path, body=None):
        """The Mercado Pago stand-in's own controls, as its panel or its schedule would act."""
        request = urllib.request.Request(self.mercado_pago + path, method=method,
                                         data=json.dumps(body).encode() if body is not None else None)
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"null")

    def a_member_authorises_a_renewal_on_mercado_pago_and_cancels_it(self):
        """The monthly plan by card at Mercado Pago: the buyer authorises the subscription on Mercado Pago's page
        (another origin) and comes back; Mercado Pago charges the next cycle by itself; cancelling on
        /conta/assinatura cancels the preapproval at Mercado Pago in the same step."""
        def journey():
            # The operator turns the account's webhook on in Mercado Pago's panel: preapprovals carry no URL.
            self.stand_in("POST", "/__stand-in/webhook",
                          {"url": self.base_url + "/api/v1/webhooks/mercadopago?source_news=webhooks"})
            self.sign_out()
            self.open("/planos")
            self.click_and_wait(self.browser.find_element(By.LINK_TEXT, "Assinar o mensal"))
            buyer = f"preaprovacao-{uuid.uuid4().hex[:8]}@e2e.test"
            self.fill_pix_checkout("Compradora Mensal", buyer)
            self.browser.find_element(By.ID, "method-credit_card").click()
            self.expect_text("você autoriza na página do Mercado Pago")
            self.capture("checkout-preapproval")
            self.browser.find_element(By.CSS_SELECTOR, "form.checkout-form button[type=submit]").click()
            WebDriverWait(self.browser, 15, poll_frequency=0.2).until(
                lambda browser: browser.current_url.startswith(self.mercado_pago + "/subscriptions/checkout"))
            WebDriverWait(self.browser, 10).until(lambda browser: browser.find_elements(By.ID, "authorise"))
            self.expect("R$ 29,90 por mês" in self.text(), f"the provider's page shows {self.text()!r}")
            self.browser.save_screenshot(os.path.join(self.artifacts, "mercado-pago-preapproval-stand-in.png"))
            self.browser.find_element(By.ID, "card").send_keys("5031 4332 1540 6351")
            self.click_and_wait(self.browser.find_element(By.ID, "authorise"))
            self.expect(self.browser.current_url.startswith(self.base_url + "/pagamento/"),
                        f"the buyer came back to {self.browser.current_url}")
            self.expect("preapproval_id=" in self.browser.current_url, "back_url got no preapproval_id")
            self.wait_for_confirmation()
            self.capture("preapproval-paid")

            preapproval = next(p for p in self.stand_in("GET", "/__stand-in/preapprovals")["preapprovals"]
                               if p["payer_email"] == buyer)
            self.open("/conta/assinatura")
            self.expect_text("Automática, no cartão de crédito")
            self.expect_text("Próxima cobrança")
            # A month on, Mercado Pago charges the next cycle and says so.
            charged = self.stand_in("POST", f"/__stand-in/preapproval/{preapproval['id']}/charge", {"status": "approved"})
            self.expect(charged["notified"] == 200, f"the site answered the cycle's webhook {charged['notified']}")
            self.open("/conta/assinatura")
            rows = self.browser.find_elements(By.CSS_SELECTOR, "#pagamentos tbody tr")
            self.expect(len(rows) == 2, f"the payment history shows {len(rows)} rows, not 2")
            self.capture("preapproval-renewed")

            self.click_and_wait(self.browser.find_element(By.XPATH, "//button[normalize-space()='Cancelar a renovação']"))
            self.expect_text("Renovação cancelada. Seu acesso continua até o fim do período pago.")
            self.expect(not self.browser.find_elements(By.XPATH, "//button[normalize-space()='Retomar a renovação']"),
                        "a cancelled preapproval offers to resume")
            status = next(p for p in self.stand_in("GET", "/__stand-in/preapprovals")["preapprovals"]
                          if p["id"] == preapproval["id"])["status"]
            self.expect(status == "cancelled", f"the preapproval at Mercado Pago is {status}")
            self.capture("preapproval-cancelled")
        self.with_mercado_pago(journey)

    def a_visitor_pays_by_pix_at_mercado_pago_and_the_content_opens(self):
        def journey():
            self.sign_out()
            self.open("/planos")
            self.click_and_wait(self.browser.find_element(By.CSS_SELECTOR, ".plan-card a.button"))
            self.fill_pix_checkout("Compradora Pix MP", f"pix-mp-{uuid.uuid4().hex[:8]}@e2e.test")
            self.submit("form.checkout-form")
            checkout_id = self.the_pix_on_screen_reads_as_its_code("pix-mercado-pago")
            # The buyer's bank pays the charge; Mercado Pago notifies the site, which asks it for the payment.
            with urllib.request.urlopen(self.mercado_pago + "/__stand-in/payments", timeout=10) as response:
                payments = json.loads(response.read())["payments"]
            # The newest with this reference: the stand-in outlives one database's run, and ids start again on the next.
            payment = max((payment for payment in payments if payment.get("external_reference") == checkout_id),
                          key=lambda payment: payment["id"])
            request = urllib.request.Request(f"{self.mercado_pago}/__stand-in/pix/{payment['id']}/pay", method="POST", data=b"")
            with urllib.request.urlopen(request, timeout=15) as response:
                notified = json.loads(response.read())["notified"]
            self.expect(notified == 200, f"the webhook answered {notified}")
            self.wait_for_confirmation()
            self.capture("pix-mercado-pago-paid")
            self.the_content_opens("pix-mercado-pago-content-unlocked")
        self.with_mercado_pago(journey)

    def an_admin_creates_a_hero_and_a_banner_and_a_click_is_counted(self):
        self.sign_out()
        self.sign_in(self.admin_email, self.admin_password)
        suffix = uuid.uuid4().hex[:6]
        for kind, placement, title in (("hero", "home_top", f"Hero E2E {suffix}"), ("banner", "home_bottom", f"Banner E2E {suffix}")):
            self.open("/admin/anuncios/novo")
            self.fill("name", title)
            Select(self.browser.find_element(By.ID, "type")).select_by_value(kind)
            # ad-form.js offers only the type's placements.
            offered = [option.get_attribute("value") for option in self.browser.find_elements(By.CSS_SELECTOR, "#placement option")
                       if option.is_enabled()]
            self.expect(placement in offered and (kind != "hero" or offered == ["home_top"]),
                        f"{kind} offers {offered}")
            Select(self.browser.find_element(By.ID, "placement")).select_by_value(placement)
            Select(self.browser.find_element(By.ID, "status")).select_by_value("active")
            self.fill("title", title)
            self.fill("link", f"{self.base_url}/planos?de={kind}")
            self.fill("priority", "100")
            self.capture(f"admin-ad-{kind}")
            self.submit("form.ad-form")
            self.expect_text(title)

        self.sign_out()
        self.open("/")
        self.expect_text(f"Hero E2E {suffix}")
        self.expect_text(f"Banner E2E {suffix}")
        self.capture("home-with-ads")
        self.click_and_wait(self.browser.find_element(By.XPATH, f"//a[.//strong[normalize-space()='Banner E2E {suffix}']]"))
        self.expect(self.path() == "/planos?de=banner", f"the banner's click landed on {self.path()}")

        self.sign_in(self.admin_email, self.admin_password)
        self.open("/admin/anuncios")
        row = self.browser.find_element(By.XPATH, f"//tr[.//a[normalize-space()='Banner E2E {suffix}']]")
        cells = [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
        self.expect(cells[5] == "1" and cells[6] == "1", f"the banner's impressions and clicks read {cells[5:8]}")
        self.capture("admin-ads")
        self.click_and_wait(row.find_element(By.LINK_TEXT, "Análise"))
        stats = [stat.text for stat in self.browser.find_elements(By.CSS_SELECTOR, ".stat .stat-value")]
        self.expect(stats[:3] == ["1", "1", "100,0%"], f"the banner's analytics read {stats}")
        self.expect(len(self.browser.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar")) >= 60, "the daily charts are missing")
        self.capture("admin-ad-analytics")

        # Per placement: the home page's bottom was served (before the banner existed too) and clicked once.
        self.open("/admin/anuncios")
        self.click_and_wait(self.browser.find_element(By.LINK_TEXT, "Desempenho por posição"))
        row = self.browser.find_element(By.CSS_SELECTOR, "tr[data-placement='home_bottom']")
        cells = [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
        self.expect(int(cells[1]) >= int(cells[2]) >= 1 and cells[5] == "1" and cells[3].endswith("%"),
                    f"home_bottom's serves, fill rate and clicks read {cells}")
        self.expect(len(self.browser.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar")) == 24, "the placements' charts are missing")
        self.capture("admin-ad-placements")

    def a_missing_page_is_styled(self):
        self.open("/pagina-que-nao-existe")
        self.expect_text("Página não encontrada")
        self.capture("not-found")

    def run(self):
        journeys = [
            self.a_visitor_registers_and_sees_the_account_page,
            self.a_wrong_password_is_refused_with_a_message,
            self.a_member_resets_the_password_from_the_mailed_link,
            self.an_admin_adds_a_support_contact_and_sees_it_in_the_footer,
            self.a_non_admin_is_refused_the_admin_panel,
            self.an_admin_syncs_the_bucket_and_activates_a_model,
            self.a_visitor_sees_only_locked_previews,
            self.a_subscriber_sees_the_media,
            self.an_admin_creates_a_model_with_an_uploaded_icon_and_two_posts,
            self.a_visitor_sees_the_new_models_posts_locked,
            self.a_subscriber_sees_the_new_models_media,
            self.a_visitor_finds_a_model_without_typing_its_accents,
            self.a_visitor_subscribes_by_pix_and_the_content_opens,
            self.an_admin_pays_a_pending_checkout_by_simulation_and_sees_the_revenue,
            self.a_visitor_subscribes_by_pix_automatico_and_cancels_it,
            self.a_visitor_pays_by_card_in_the_sandbox_and_the_content_opens,
            self.a_visitor_pays_by_card_on_mercado_pago_and_the_content_opens,
            self.a_visitor_pays_by_pix_at_mercado_pago_and_the_content_opens,
            self.a_member_renews_by_card_manages_the_subscription_and_prints_a_receipt,
            self.a_member_authorises_a_renewal_on_mercado_pago_and_cancels_it,
            self.an_admin_creates_a_hero_and_a_banner_and_a_click_is_counted,
            self.a_missing_page_is_styled,
        ]
        if self.only:
            journeys = [journey for journey in journeys if self.only in journey.__name__]
        failures = 0
        for journey in journeys:
            name = journey.__name__.replace("_", " ")
            try:
                journey()
                print(f"  ✔ {name}")
            except Exception as error:  # Report every journey, not just the first failure.
                failures += 1
                print(f"  ✘ {name}: {error}")
        self.browser.quit()
        if self.accessibility_violations:
            failures += 1
            rules = sorted({violation[2] for violation in self.accessibility_violations})
            pages = sorted({violation[0] for violation in self.accessibility_violations})
            print(f"  ✘ axe-core: {len(self.accessibility_violations)} WCAG 2 A/AA violations ({', '.join(rules)}) on {len(pages)} pages")
            for page, width, rule, impact, target, summary in self.accessibility_violations:
                print(f"      {page} ({width}) {rule} [{impact}] {target}: {summary.splitlines()[-1].strip() if summary else ''}")
        else:
            print(f"  ✔ axe-core: no WCAG 2 A/AA violation on the {self.shot} pages audited, at both widths")
        return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--artifacts", required=True)
    parser.add_argument("--admin-email", required=True)
    parser.add_argument("--admin-password", required=True)
    parser.add_argument("--binary", required=True, help="the creatorflix program, for simulate-payment")
    parser.add_argument("--mercado-pago", required=True, help="the Mercado Pago stand-in's origin")
    parser.add_argument("--maildir", required=True, help="where the SMTP server writes what it receives")
    parser.add_argument("--only", help="runs only the journeys whose name contains this (E2E_ONLY in scripts/e2e)")
    arguments = parser.parse_args()
    journeys = Journeys(arguments.base_url, arguments.artifacts, arguments.admin_email, arguments.admin_password,
                        arguments.binary, arguments.mercado_pago, arguments.maildir)
    journeys.only = arguments.only
    failures = journeys.run()
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
