# Installs a Debian package when the command it provides is missing. Sourced by scripts/test and scripts/e2e.
#   debian_install_if_missing COMMAND PACKAGE
debian_install_if_missing() {
    local command=$1 package=$2
    command -v "$command" >/dev/null && return 0
    echo "==> Installing Debian's $package"
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
    else
        sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
    fi
}
