#!/bin/sh
# What the official image's configure.sh does that ChillFlow's image needs: everything the server writes belongs to
# group 0 and is group-writable, so that OpenShift's arbitrary UID (always in group 0) can run it.
set -e
mkdir -p /config/resources/security /opt/ol/wlp/output/defaultServer /logs
chmod -R g+rwX /opt/ol/wlp/usr/servers/defaultServer/ /opt/ol/wlp/output /logs 2>/dev/null || true
echo "configure.sh: server directories group 0 and group-writable"
