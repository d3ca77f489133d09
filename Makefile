# SPDX-License-Identifier: GPL-2.0
#
# havs: the user front end. Kernel build rules live in Kbuild.
#
#   make deps      install every Debian package build, tests and demo need
#   make           build havs.ko for the running kernel (KVER/KDIR) and havsadm
#   make check     the whole test suite (host tests, debug + stock kernel VMs)
#   make fuzz      every parser's libFuzzer target for ten minutes (tests/fuzz)
#   make demo      boot a VM and show havs working
#   make soak      long stress and fault-injection runs on the debug kernel
#   make install   install havs.ko (for KVER) and install-tools:
#                  havsadm, its man pages, the systemd units, the example
#                  configuration, the bash completion (DESTDIR, PREFIX, ...)
#   make install-tools / install-module    either half of it
#   make uninstall remove what install put there, but an edited havs.conf
#   make dkms-install / dkms-uninstall
#   make style     checkpatch --strict on the module sources

VERSION := $(shell sed -n 's/^\#define HAVS_VERSION "\(.*\)"/\1/p' kmod/version.h)
KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
DESTDIR ?=
PREFIX ?= /usr
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
DOCDIR ?= $(PREFIX)/share/doc/havs
SYSCONFDIR ?= /etc
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
PKG_CONFIG ?= pkg-config
UNITDIR ?= $(or $(shell $(PKG_CONFIG) --variable=systemdsystemunitdir systemd 2>/dev/null),/lib/systemd/system)
BUILD ?= $(CURDIR)/build
MODSRCS := Kbuild $(wildcard kmod/*.c kmod/*.h kmod/uapi/linux/*.h)

# Debian packages: build (kernel + tools), VM harness, tests, packaging.
DEPS := build-essential bc bison flex libelf-dev libssl-dev kmod cpio \
	linux-source-6.1 linux-headers-amd64 linux-headers-rt-amd64 \
	linux-headers-6.12-amd64 linux-headers-6.12-rt-amd64 qemu-system-x86 busybox-static \
	libnl-3-dev libnl-genl-3-dev libnl-route-3-dev pkg-config dkms \
	ipvsadm keepalived iproute2 iputils-ping util-linux xz-utils rsync python3 socat man-db \
	tshark jq clang-14 libclang-rt-14-dev systemd linux-source-6.12 python3-yaml python3-jsonschema \
	dnsmasq-base python3-aiosmtpd openssl frr bird2

.PHONY: all module tools testbins deps kernels check fuzz demo bench soak install install-module \
	install-tools uninstall dkms-install dkms-src dkms-uninstall style clean distclean

all: module tools

# Modules are built out of a copy of the sources per target kernel, so the
# stock and the debug kernel builds never share objects.
module: $(BUILD)/$(KVER)/havs.ko
$(BUILD)/%/havs.ko: $(MODSRCS)
	@mkdir -p $(BUILD)/$*
	@rsync -a --delete --include='*/' --include='Kbuild' --include='*.c' \
		--include='*.h' --exclude='*' Kbuild kmod $(BUILD)/$*/
	$(MAKE) -C $(KDIR) M=$(BUILD)/$* W=1 modules

tools: $(BUILD)/tools/havsadm
$(BUILD)/tools/havsadm: $(wildcard tools/*.c tools/*.h) kmod/version.h kmod/uapi/linux/havs.h
	@mkdir -p $(BUILD)/tools
	$(MAKE) -C tools O=$(BUILD)/tools

# Helpers the scenarios run in the guests, built here: the guests see the
# host's root read-only.
testbins: $(BUILD)/tests/vrrpattack
$(BUILD)/tests/vrrpattack: tests/lib/vrrpattack.c
	@mkdir -p $(BUILD)/tests
	$(CC) -O2 -Wall -Wextra -Werror -o $@ $<
# fail-nth on one request of a real client (scenario 28)
testbins: $(BUILD)/tests/failnth.so
$(BUILD)/tests/failnth.so: tests/lib/failnth.c
	@mkdir -p $(BUILD)/tests
	$(CC) -O2 -Wall -Wextra -Werror -shared -fPIC -o $@ $< -ldl

deps:
	@missing=$$(for p in $(DEPS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		echo "(waiting up to 10 minutes for the dpkg lock if another apt run holds it)"; \
		apt-get -o DPkg::Lock::Timeout=600 update -q && DEBIAN_FRONTEND=noninteractive \
		apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends $$missing; \
	else echo "all $(words $(DEPS)) packages present"; fi

kernels:
	tests/vm/build-kernel.sh
	tests/vm/fetch-stock.sh

check: deps
	tests/run.sh

demo: deps
	tests/demo.sh

# libFuzzer targets of the parsers, ten minutes each (tests/fuzz/README.md);
# make check runs them for seconds.
fuzz: deps
	HAVS_BUILD=$(BUILD) tests/fuzz/run.sh 600

# Benchmarks (not pass/fail): tables on stdout. See tests/bench/.
bench: deps
	tests/bench.sh

# The long runs (debug kernel): stress for STRESS_SECONDS (1800) and the
# whole fault-injection sweep. See tests/soak.sh.
soak: deps
	tests/soak.sh

# Everything honours DESTDIR. The unit is installed, not enabled, and
# skipped while /etc/havs/havs.conf does not exist: install never writes
# one (an example applied unread would add its addresses and delete every
# other IPVS service), so `systemctl enable --now havs` does nothing until
# the operator has written the configuration.
install: install-module install-tools

install-module: module
	$(MAKE) -C $(KDIR) M=$(BUILD)/$(KVER) INSTALL_MOD_PATH=$(DESTDIR)/ INSTALL_MOD_DIR=updates modules_install
	[ -n "$(DESTDIR)" ] || depmod -a $(KVER)

# Without the module, for hosts whose module comes from DKMS.
install-tools: tools
	install -D -m 0755 $(BUILD)/tools/havsadm $(DESTDIR)$(SBINDIR)/havsadm
	install -D -m 0644 tools/havsadm.8 $(DESTDIR)$(MANDIR)/man8/havsadm.8
	install -D -m 0644 tools/havs.conf.5 $(DESTDIR)$(MANDIR)/man5/havs.conf.5
	install -d $(DESTDIR)$(UNITDIR)
	for u in havs havs-agent; do \
		sed -e 's|/usr/sbin/havsadm|$(SBINDIR)/havsadm|g' -e 's|/etc/havs/|$(SYSCONFDIR)/havs/|g' \
			tools/$$u.service > $(DESTDIR)$(UNITDIR)/$$u.service && \
		chmod 0644 $(DESTDIR)$(UNITDIR)/$$u.service || exit 1; \
	done
	install -D -m 0644 tools/havs.conf.example $(DESTDIR)$(DOCDIR)/havs.conf.example
	install -D -m 0644 tools/havsadm.bash-completion $(DESTDIR)$(BASHCOMPDIR)/havsadm
	[ -n "$(DESTDIR)" ] || [ ! -d /run/systemd/system ] || systemctl daemon-reload

# Removes what install put there; the operator's /etc/havs/havs.conf stays.
uninstall:
	rm -f $(DESTDIR)/lib/modules/$(KVER)/updates/havs.ko
	[ -n "$(DESTDIR)" ] || depmod -a $(KVER)
	rm -f $(DESTDIR)$(SBINDIR)/havsadm $(DESTDIR)$(MANDIR)/man8/havsadm.8 \
		$(DESTDIR)$(MANDIR)/man5/havs.conf.5 $(DESTDIR)$(UNITDIR)/havs.service \
		$(DESTDIR)$(UNITDIR)/havs-agent.service \
		$(DESTDIR)$(DOCDIR)/havs.conf.example $(DESTDIR)$(BASHCOMPDIR)/havsadm
	rmdir $(DESTDIR)$(DOCDIR) 2>/dev/null || true
	[ ! -e $(DESTDIR)$(SYSCONFDIR)/havs/havs.conf ] || \
		echo "kept $(DESTDIR)$(SYSCONFDIR)/havs/havs.conf (yours)"
	[ -n "$(DESTDIR)" ] || [ ! -d /run/systemd/system ] || systemctl daemon-reload

# DKMS: the module sources alone go to /usr/src/havs-VERSION.
DKMS_SRC ?= $(DESTDIR)/usr/src/havs-$(VERSION)
dkms-src:
	rm -rf $(DKMS_SRC)
	mkdir -p $(DKMS_SRC)
	cp -r dkms.conf Kbuild kmod $(DKMS_SRC)/
	sed -i 's/@VERSION@/$(VERSION)/' $(DKMS_SRC)/dkms.conf

dkms-install: dkms-src
	dkms add -m havs -v $(VERSION)
	dkms build -m havs -v $(VERSION) -k $(KVER)
	dkms install -m havs -v $(VERSION) -k $(KVER)

dkms-uninstall:
	dkms remove -m havs -v $(VERSION) --all
	rm -rf $(DKMS_SRC)

style:
	tests/static/checkpatch.sh

clean:
	rm -rf $(BUILD)

# Also drops the kernels cached outside the checkout.
distclean: clean
	rm -rf $${HAVS_CACHE:-$${XDG_CACHE_HOME:-$$HOME/.cache}/havs}
