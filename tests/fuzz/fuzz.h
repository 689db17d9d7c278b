/* fuzz.h — shared declarations of the libFuzzer targets. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A property the parser promised does not hold: crash so the fuzzer keeps
 * the input. */
#define FUZZ_CHECK(cond)                                                                           \
  do                                                                                               \
    {                                                                                              \
      if (!(cond))                                                                                 \
        {                                                                                          \
          fprintf (stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond);           \
          abort ();                                                                                \
        }                                                                                          \
    }                                                                                              \
  while (0)
