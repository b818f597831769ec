#!/bin/sh
# The official image's features.sh installs the features server.xml names into a kernel-only runtime. The local base
# carries the whole Open Liberty runtime the Maven build unpacked, so every feature is there already.
echo "features.sh: the local Liberty base has every Open Liberty feature; nothing to install"
