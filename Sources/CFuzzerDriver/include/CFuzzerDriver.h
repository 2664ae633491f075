// libFuzzer's driver, for the fuzz build of readout-fuzz (scripts/fuzz.sh): linked from the
// sanitizer runtime there; not called, nor linked, in a normal build.
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
