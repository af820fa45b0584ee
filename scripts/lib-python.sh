# The Python tools the tests use (selenium and axe-selenium-python for the browser journeys, moto for an S3 server,
# schemathesis for the API's fuzzing, aiosmtpd for an SMTP server), in one virtualenv
# of their own, .venv-test. Sourced by scripts/test and scripts/e2e.
#
#   python_tools_ensure   create .venv-test and install what is missing into it

python_tools_ensure() {
    if [ ! -x .venv-test/bin/python ]; then
        echo "==> Creating .venv-test for the Python test tools"
        python3 -m venv .venv-test
    fi
    if ! .venv-test/bin/python -c "import selenium, moto, botocore, schemathesis, axe_selenium_python, aiosmtpd" 2>/dev/null; then
        echo "==> Installing selenium, moto[server], schemathesis, axe-selenium-python and aiosmtpd into .venv-test"
        .venv-test/bin/pip install -q --disable-pip-version-check "selenium>=4.20,<5" "moto[server]>=5,<6" "schemathesis>=4,<5" \
            "axe-selenium-python>=2.1,<3" "aiosmtpd>=1.4,<2"
    fi
}
