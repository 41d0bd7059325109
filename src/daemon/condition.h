/* SPDX-License-Identifier: MIT */
#pragma once

/* Evaluation of [Unit] Condition*= and Assert*= (systemd.unit(5), "Conditions and Asserts") with systemd
 * 252's semantics, checked against `systemd-analyze condition` of systemd 252. Everything here only looks:
 * files are opened read-only and non-blocking, reads are bounded, nothing is cached.
 *
 * Approximations (systemd uses its own infrastructure there):
 *  - PathIsEncrypted=: dm-crypt is found through /sys/dev/block/MAJ:MIN/dm/uuid ("CRYPT-") and the slaves/
 *    chain; file systems without a block device (major 0, e.g. btrfs) count as not encrypted.
 *  - PathIsMountPoint=: statx()'s STATX_ATTR_MOUNT_ROOT; on kernels before 5.8 only a change of st_dev
 *    against the parent is seen (bind mounts within one file system are missed).
 *  - Virtualization=: systemd-detect-virt's checks for containers, DMI, SMBIOS, UML, Xen, CPUID,
 *    /sys/hypervisor and the device tree, without s390 z/VM detection; nothing is cached.
 *  - Security=selinux: /sys/fs/selinux/enforce exists (instead of libselinux); tpm2: a populated
 *    /sys/class/tpmrm or an ACPI TPM2 table on an EFI boot; cvm is unknown to 252 and always false.
 *  - ControlGroupController=, Memory=: the top of our cgroup tree (/sys/fs/cgroup) stands for the manager's
 *    root cgroup.
 *  - Host=, User=, Group= use gethostname() and NSS (getpwnam_r()/getgrnam_r()).
 *  - Credential=: looked up in $CREDENTIALS_DIRECTORY and $ENCRYPTED_CREDENTIALS_DIRECTORY of env (the
 *    manager environment), which is where systemd's own credentials live; false when neither is set. */

#include <stdbool.h>

#include "unit-config.h"

/* Prepended to every /proc, /sys, /etc, /run and /usr path the system-dependent checks read, so tests can
 * fake them in a temporary directory. "" in production. A condition's own path parameter
 * (ConditionPathExists= ...) is never prefixed. While it is not empty, CPUID is not used for virtualization
 * detection (the "hypervisor" flag of /proc/cpuinfo is used instead). */
extern const char *condition_root;

/* Evaluate one condition, negation ('!') applied: 1 true, 0 false, -errno when it cannot be determined
 * (an invalid parameter such as ConditionMemory=garbage, or an unreadable system file); systemd then
 * treats the condition as failed. env is the manager's environment block (ConditionEnvironment=,
 * ConditionCredential=, and $container when we run as PID 1); NULL is an empty one. */
int condition_test(const Condition *c, char **env);

/* systemd's list semantics: all non-trigger conditions must hold and, if there are trigger ('|')
 * conditions, at least one of them; an empty list holds; a condition that cannot be determined counts as
 * failed. As in systemd 252, which prepends every parsed condition to the unit's list, the conditions are
 * evaluated from the last one in the file to the first, and the evaluation stops at the first failing
 * non-trigger condition. Logs "UNIT: ConditionPathExists=/x succeeded." / "... failed." at debug level for
 * every evaluated condition and "UNIT: Couldn't determine result for ConditionX=..., assuming failed: %m"
 * at warning level, like systemd. *ret_failed (if ret_failed is not NULL) is always written: NULL when the
 * list holds, otherwise the condition to name in messages, chosen as systemd does: the failing non-trigger
 * condition, or else the first failed trigger condition. assert_test_list() is the same for Assert*= lists
 * (it logs "AssertX=" keys). */
bool condition_test_list(const Condition *first, const char *unit, char **env, const Condition **ret_failed);
bool assert_test_list(const Condition *first, const char *unit, char **env, const Condition **ret_failed);

/* "ConditionPathExists" or "AssertPathExists" (for messages); NULL for an invalid type. */
const char *condition_type_to_key(ConditionType t, bool is_assert) _const_;

/* systemd's version comparison (strverscmp_improved(), `systemd-analyze compare-versions`), used by the
 * "<", "<=", "==", "<>", ">=", ">" operators of ConditionKernelVersion=, ConditionOSRelease= and
 * ConditionFirmware=smbios-field(): -1, 0 or 1. NULL compares like "". */
int condition_version_compare(const char *a, const char *b) _pure_;
