/* SPDX-License-Identifier: MIT */
/* What the condition tests need to know about where we run: systemd-detect-virt's container and VM
 * detection, user namespaces, the kernel command line, the initrd, EFI. */
#include <linux/magic.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/statfs.h>
#include <unistd.h>
#if defined(__i386__) || defined(__x86_64__)
#include <cpuid.h>
#endif

#include "condition-internal.h"
#include "env-util.h"
#include "extract-word.h"
#include "parse-util.h"
#include "string-util.h"
#include "strv.h"

#define EFI_GLOBAL_GUID "8be4df61-93ca-11d2-aa0d-00e098032b8c"

/* ---- virtualization (systemd-detect-virt) ---- */

static const char *const known_containers[] = {
        "lxc", "lxc-libvirt", "systemd-nspawn", "docker", "podman", "rkt", "wsl", "proot", "pouch",
};

static const char *container_files(void) {
        if (cond_root_exists("/run/.containerenv") > 0)
                return "podman";
        if (cond_root_exists("/.dockerenv") > 0)
                return "docker";
        return NULL;
}

static const char *container_from_name(const char *name) {
        const char *f;

        if (streq(name, "oci")) {
                /* Not a container manager, but images set it: look for a specific one. */
                f = container_files();
                return f ?: "container-other";
        }
        for (size_t i = 0; i < ELEMENTSOF(known_containers); i++)
                if (streq(name, known_containers[i]))
                        return known_containers[i];
        return "container-other";
}

/* $container of PID 1, from its environment block. */
static int pid1_container_env(char **ret) {
        _cleanup_free_ char *env = NULL;
        size_t n;
        int r;

        r = cond_root_read("/proc/1/environ", COND_READ_MAX, false, &env, &n);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i += strlen(env + i) + 1) {
                const char *v = startswith(env + i, "container=");

                if (v) {
                        char *s = strdup(v);

                        if (!s)
                                return -ENOMEM;
                        *ret = s;
                        return 1;
                }
        }
        return 0;
}

static int running_in_cgroupns(void) {
        int r;

        if (cond_root_exists("/proc/self/ns/cgroup") <= 0)
                return false;
        r = cond_cgroup_unified();
        if (r < 0)
                return r;
        if (r > 0) {
                /* cgroup.events exists only in nested cgroups, cgroup.type never in the root one. */
                if (cond_root_exists("/sys/fs/cgroup/cgroup.events") <= 0)
                        return false;
                if (cond_root_exists("/sys/fs/cgroup/cgroup.type") > 0)
                        return true;
                return cond_root_exists("/sys/kernel/cgroup/features") <= 0;
        }
        /* release_agent exists only in the root of the v1 hierarchy. */
        if (cond_root_exists("/sys/fs/cgroup/systemd") <= 0)
                return false;
        return cond_root_exists("/sys/fs/cgroup/systemd/release_agent") == 0;
}

int cond_detect_container(char **env, const char **ret_id) {
        _cleanup_free_ char *s = NULL, *status = NULL, *tracer = NULL;
        const char *f;

        /* /proc/vz exists inside and outside OpenVZ containers, /proc/bc only outside. */
        if (cond_root_exists("/proc/vz") > 0 && cond_root_exists("/proc/bc") == 0) {
                *ret_id = "openvz";
                return 1;
        }
        if (cond_root_read_line("/proc/sys/kernel/osrelease", &s) >= 0 && (strstr(s, "Microsoft") || strstr(s, "WSL"))) {
                *ret_id = "wsl";
                return 1;
        }
        s = mfree_ptr(s);

        /* proot works by ptrace()ing us. */
        if (cond_root_read("/proc/self/status", COND_READ_MAX, true, &status, NULL) >= 0 &&
            cond_text_field(status, "TracerPid", &tracer) >= 0 && !streq(tracer, "0")) {
                _cleanup_free_ char *p = strjoin("/proc/", tracer, "/comm"), *comm = NULL;
                unsigned pid;

                if (!p)
                        return -ENOMEM;
                if (safe_atou_full(tracer, 10, &pid) >= 0 && cond_root_read_line(p, &comm) >= 0 &&
                    startswith(comm, "proot")) {
                        *ret_id = "proot";
                        return 1;
                }
        }

        if (cond_root_read_line("/run/host/container-manager", &s) >= 0 && !isempty(s))
                goto translate;
        s = mfree_ptr(s);

        if (getpid() == 1) {
                /* As PID 1 our own $container is authoritative; set but empty means "none". */
                const char *e = strv_env_get(env, "container");

                if (e) {
                        if (isempty(e))
                                goto none;
                        *ret_id = container_from_name(e);
                        return 1;
                }
        } else {
                if (cond_root_read_line("/run/systemd/container", &s) >= 0 && !isempty(s))
                        goto translate;
                s = mfree_ptr(s);
                if (pid1_container_env(&s) > 0 && !isempty(s))
                        goto translate;
                s = mfree_ptr(s);
        }

        f = container_files();
        if (f) {
                *ret_id = f;
                return 1;
        }
        if (running_in_cgroupns() > 0) {
                *ret_id = "container-other";
                return 1;
        }
none:
        *ret_id = NULL;
        return 0;

translate:
        *ret_id = container_from_name(s);
        return 1;
}

/* SMBIOS BIOS characteristics extension byte 2, bit 4: "this is a virtual machine". 1 set, 0 unset, -1
 * unknown. */
static int smbios_vm_bit(void) {
        _cleanup_free_ char *raw = NULL;
        size_t n;

        if (cond_root_read("/sys/firmware/dmi/entries/0-0/raw", 4096, true, &raw, &n) < 0 || n < 20 ||
            (uint8_t) raw[1] < 20)
                return -1;
        return ((uint8_t) raw[19] & (1U << 4)) != 0;
}

static const char *vm_from_dmi(void) {
        static const char *const files[] = {
                "/sys/class/dmi/id/product_name", /* before sys_vendor: KVM over QEMU */
                "/sys/class/dmi/id/sys_vendor",
                "/sys/class/dmi/id/board_vendor",
                "/sys/class/dmi/id/bios_vendor",
                "/sys/class/dmi/id/product_version", /* Hyper-V */
        };
        static const struct {
                const char *vendor;
                const char *id;
        } vendors[] = {
                { "KVM", "kvm" },
                { "OpenStack", "kvm" },
                { "KubeVirt", "kvm" },
                { "Amazon EC2", "amazon" },
                { "QEMU", "qemu" },
                { "VMware", "vmware" },
                { "VMW", "vmware" },
                { "innotek GmbH", "oracle" },
                { "VirtualBox", "oracle" },
                { "Xen", "xen" },
                { "Bochs", "bochs" },
                { "Parallels", "parallels" },
                { "BHYVE", "bhyve" },
                { "Hyper-V", "microsoft" },
                { "Apple Virtualization", "apple" },
        };
        const char *id = NULL;
        int bit;

        for (size_t i = 0; i < ELEMENTSOF(files) && !id; i++) {
                _cleanup_free_ char *s = NULL;

                if (cond_root_read_line(files[i], &s) < 0)
                        continue;
                for (size_t j = 0; j < ELEMENTSOF(vendors) && !id; j++)
                        if (startswith(s, vendors[j].vendor))
                                id = vendors[j].id;
        }

        bit = smbios_vm_bit();
        if (id && streq(id, "amazon")) {
                /* EC2 bare-metal instances have the same DMI vendor. */
                _cleanup_free_ char *product = NULL;

                if (bit >= 0)
                        return bit > 0 ? id : NULL;
                if (cond_root_read_line("/sys/class/dmi/id/product_name", &product) >= 0 &&
                    endswith(product, ".metal"))
                        return NULL;
                return id;
        }
        if (!id && bit > 0)
                return "vm-other";
        return id;
}

static bool xen_dom0(void) {
        _cleanup_free_ char *s = NULL;
        unsigned long features;

        if (cond_root_read_line("/sys/hypervisor/properties/features", &s) >= 0 && sscanf(s, "%lx", &features) == 1)
                return features & (1UL << 11); /* XENFEAT_dom0 */
        s = mfree_ptr(s);
        if (cond_root_read_line("/proc/xen/capabilities", &s) < 0)
                return false;
        for (const char *p = s; *p;) {
                size_t n = strcspn(p, ",");

                if (n == strlen("control_d") && strneq(p, "control_d", n))
                        return true;
                p += n;
                p += *p == ',';
        }
        return false;
}

static const char *vm_from_cpuid(bool *ret_other) {
        *ret_other = false;
#if defined(__i386__) || defined(__x86_64__)
        if (isempty(condition_root)) {
                static const struct {
                        const char *signature;
                        const char *id;
                } table[] = {
                        { "XenVMMXenVMM", "xen" },
                        { "KVMKVMKVM", "kvm" },
                        { "Linux KVM Hv", "kvm" },
                        { "TCGTCGTCGTCG", "qemu" },
                        { "VMwareVMware", "vmware" },
                        { "Microsoft Hv", "microsoft" },
                        { "bhyve bhyve ", "bhyve" },
                        { "QNXQVMBSQG", "qnx" },
                        { "ACRNACRNACRN", "acrn" },
                        { "SRESRESRESRE", "sre" },
                };
                unsigned eax, ebx, ecx, edx;
                char sig[13] = {};

                if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0 || !(ecx & 0x80000000U))
                        return NULL;
                __cpuid(0x40000000U, eax, ebx, ecx, edx);
                memcpy(sig, &ebx, 4);
                memcpy(sig + 4, &ecx, 4);
                memcpy(sig + 8, &edx, 4);
                for (size_t i = 0; i < ELEMENTSOF(table); i++)
                        if (streq(sig, table[i].signature))
                                return table[i].id;
                *ret_other = true;
                return NULL;
        }
#endif
        /* Without CPUID (or with a faked root): the kernel's "hypervisor" CPU flag. */
        _cleanup_free_ char *cpuinfo = NULL, *flags = NULL;

        if (cond_root_read("/proc/cpuinfo", 65536, true, &cpuinfo, NULL) >= 0 &&
            cond_text_field(cpuinfo, "flags", &flags) >= 0) {
                for (const char *p = flags; *p;) {
                        size_t n;

                        p += strspn(p, WHITESPACE);
                        n = strcspn(p, WHITESPACE);
                        if (n == strlen("hypervisor") && strneq(p, "hypervisor", n))
                                *ret_other = true;
                        p += n;
                }
        }
        return NULL;
}

static const char *vm_from_device_tree(bool *ret_other) {
        *ret_other = false;
#if defined(__arm__) || defined(__aarch64__) || defined(__powerpc__) || defined(__powerpc64__)
        _cleanup_free_ char *hv = NULL, *dt = NULL;
        _cleanup_(cond_closedirp) DIR *d = NULL;
        struct dirent *de;

        if (cond_root_read_line("/proc/device-tree/hypervisor/compatible", &hv) >= 0) {
                if (streq(hv, "linux,kvm"))
                        return "kvm";
                if (strstr(hv, "xen"))
                        return "xen";
                if (strstr(hv, "vmware"))
                        return "vmware";
                *ret_other = true;
                return NULL;
        }
        if (cond_root_exists("/proc/device-tree/ibm,partition-name") > 0 &&
            cond_root_exists("/proc/device-tree/hmc-managed?") > 0 &&
            cond_root_exists("/proc/device-tree/chosen/qemu,graphic-width") == 0)
                return "powervm";
        dt = cond_root_path("/proc/device-tree");
        d = dt ? opendir(dt) : NULL;
        for (unsigned i = 0; d && i < COND_DIR_ENTRIES_MAX && (de = readdir(d)); i++)
                if (strstr(de->d_name, "fw-cfg"))
                        return "qemu";
#endif
        return NULL;
}

/* systemd's order: DMI names that hide behind KVM first, then UML, Xen, CPUID, the rest of DMI,
 * /sys/hypervisor, the device tree. */
static const char *detect_vm(void) {
        _cleanup_free_ char *cpuinfo = NULL, *vendor = NULL, *hv = NULL;
        const char *dmi, *v;
        bool other = false, o, dom0 = false;

        dmi = vm_from_dmi();
        if (dmi && STR_IN_SET(dmi, "oracle", "xen", "amazon", "parallels"))
                return dmi;

        if (cond_root_read("/proc/cpuinfo", 65536, true, &cpuinfo, NULL) >= 0 &&
            cond_text_field(cpuinfo, "vendor_id", &vendor) >= 0 && startswith(vendor, "User Mode Linux"))
                return "uml";

        if (cond_root_exists("/proc/xen") > 0) {
                dom0 = xen_dom0();
                if (!dom0)
                        return "xen";
        }

        v = vm_from_cpuid(&o);
        other = other || o;
        if (v || dom0)
                return v ?: (other ? "vm-other" : NULL);

        if (dmi && !streq(dmi, "vm-other"))
                return dmi;
        if (dmi)
                other = true;

        if (cond_root_read_line("/sys/hypervisor/type", &hv) >= 0) {
                if (streq(hv, "xen"))
                        return "xen";
                other = true;
        }

        v = vm_from_device_tree(&o);
        if (v)
                return v;
        other = other || o;

        return other ? "vm-other" : NULL;
}

int cond_detect_virtualization(char **env, VirtKind *ret_kind, const char **ret_id) {
        const char *id;
        int r;

        r = cond_detect_container(env, &id);
        if (r < 0)
                return r;
        if (r > 0) {
                *ret_kind = VIRT_CONTAINER;
                *ret_id = id;
                return 0;
        }
        id = detect_vm();
        *ret_kind = id ? VIRT_VM : VIRT_NONE;
        *ret_id = id;
        return 0;
}

/* 1 with a uid/gid map other than the full identity, or for an unset one. */
static int userns_has_mapping(const char *p) {
        _cleanup_free_ char *s = NULL;
        unsigned long long a, b, c;
        int r;

        r = cond_root_read(p, 65536, true, &s, NULL);
        if (r == -ENOENT)
                return false;
        if (r < 0)
                return r;
        if (isempty(skip_leading_whitespace(s)))
                return true;
        if (sscanf(s, "%llu %llu %llu", &a, &b, &c) != 3)
                return -EBADMSG;
        return !(a == 0 && b == 0 && c == UINT32_MAX);
}

int cond_running_in_userns(void) {
        _cleanup_free_ char *s = NULL;
        int r;

        r = userns_has_mapping("/proc/self/uid_map");
        if (r != 0)
                return r;
        r = userns_has_mapping("/proc/self/gid_map");
        if (r != 0)
                return r;
        r = cond_root_read_line("/proc/self/setgroups", &s);
        if (r < 0)
                return r == -ENOENT ? false : r;
        return streq(strstrip(s), "deny");
}

/* ---- kernel command line, initrd, EFI ---- */

bool cond_in_initrd(void) {
        _cleanup_free_ char *p = cond_root_path("/");
        struct statfs fs;

        if (cond_root_exists("/etc/initrd-release") <= 0)
                return false;
        return p && statfs(p, &fs) >= 0 && IN_SET(fs.f_type, TMPFS_MAGIC, RAMFS_MAGIC);
}

/* The words of the kernel command line; in a container, of PID 1's command line (as systemd does). */
int cond_proc_cmdline_words(char **env, char ***ret) {
        _cleanup_free_ char *line = NULL;
        const char *id;
        size_t n;
        int r;

        if (cond_detect_container(env, &id) > 0) {
                r = cond_root_read("/proc/1/cmdline", COND_READ_MAX, false, &line, &n);
                if (r < 0)
                        return r;
                for (size_t i = 0; i < n; i++)
                        if (line[i] == '\0')
                                line[i] = ' ';
        } else {
                r = cond_root_read("/proc/cmdline", COND_READ_MAX, false, &line, NULL);
                if (r < 0)
                        return r;
        }
        return strv_split_words(line, NULL, EXTRACT_UNQUOTE | EXTRACT_RELAX, ret);
}

/* A boolean option on the kernel command line ('-' and '_' are the same in its key; the last value wins;
 * the bare key means true). 1 and *ret set if present, 0 if not, -errno. */
int cond_proc_cmdline_get_bool(char **env, const char *key, bool *ret) {
        _cleanup_strv_free_ char **words = NULL;
        const char *value = NULL;
        bool found = false;
        int r;

        r = cond_proc_cmdline_words(env, &words);
        if (r < 0)
                return r;
        STRV_FOREACH(w, words) {
                const char *a = *w, *k = key;

                for (; *a && *k; a++, k++)
                        if (*a != *k && !(IN_SET(*a, '-', '_') && IN_SET(*k, '-', '_')))
                                break;
                if (*k != '\0')
                        continue;
                if (*a == '=') {
                        value = a + 1;
                        found = true;
                } else if (*a == '\0')
                        found = true;
        }
        if (!found)
                return 0;
        if (value) {
                r = parse_boolean(value);
                if (r < 0)
                        return r;
        } else
                r = 1;
        *ret = r;
        return 1;
}

/* systemd: EFI variables never count inside a container. */
bool cond_is_efi_boot(char **env) {
        const char *id;

        if (cond_detect_container(env, &id) > 0)
                return false;
        return cond_root_exists("/sys/firmware/efi/") > 0;
}

/* A one-byte EFI variable (after the 4 attribute bytes); 0 when absent. */
static int efi_read_flag(const char *name) {
        _cleanup_free_ char *p = strjoin("/sys/firmware/efi/efivars/", name, "-", EFI_GLOBAL_GUID), *s = NULL;
        size_t n;
        int r;

        if (!p)
                return -ENOMEM;
        r = cond_root_read(p, 4096, false, &s, &n);
        if (r < 0)
                return r;
        if (n != 5)
                return -EINVAL;
        return s[4] != 0;
}

bool cond_is_efi_secure_boot(char **env) {
        int secure, audit, setup;

        if (!cond_is_efi_boot(env))
                return false;
        secure = efi_read_flag("SecureBoot");
        if (secure <= 0)
                return false;
        audit = efi_read_flag("AuditMode");
        setup = efi_read_flag("SetupMode");
        /* "user" and "deployed" modes (UEFI 2.9 figure 32-4). */
        return IN_SET(audit, 0, -ENOENT) && IN_SET(setup, 0, -ENOENT);
}
