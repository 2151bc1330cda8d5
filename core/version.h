/* The Kazi version, set by the build (CMake project version). */
#ifndef KAZI_VERSION_H
#define KAZI_VERSION_H
#ifndef KAZI_VERSION
#define KAZI_VERSION "0.0.0-dev"
#endif
#endif
