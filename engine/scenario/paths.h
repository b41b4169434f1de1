/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where ringcheck finds its parts: the reference plugin, the kernel test
 * programs and the kernel ring images. Installed (make install):
 *
 *	PREFIX/bin/ringcheck
 *	PREFIX/libexec/ringcheck/plugins/reference.so
 *	PREFIX/libexec/ringcheck/kselftest/<program>
 *	PREFIX/share/ringcheck/fixtures/kernel/<release>/<name>.ring
 *
 * found relative to the running binary, so an install tree can move. In
 * the build tree the binary's own directory holds plugins/ and
 * kselftest/, and the images are read from the source tree. The
 * environment overrides both: RINGCHECK_LIBEXECDIR (plugins/, kselftest/)
 * and RINGCHECK_FIXTURES (the kernel/ directory of images).
 */
#ifndef RINGCHECK_PATHS_H
#define RINGCHECK_PATHS_H

/* The directory holding plugins/ and kselftest/. */
const char *paths_libexec(void);
/* .../plugins/reference.so */
const char *paths_reference_plugin(void);
/* .../kselftest, the kernel test programs */
const char *paths_kselftest(void);
/* The directory of <release>/<name>.ring kernel images. */
const char *paths_fixtures(void);

#endif
