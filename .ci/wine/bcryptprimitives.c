/* A stand-in for Windows 10's bcryptprimitives.dll, which Wine 8 (Debian 12) lacks:
   Go 1.24+ programs call its ProcessPrng at start-up. Built by .ci/run with
   mingw-w64 into the Wine prefix only, to run the Windows binary in CI; it is
   never shipped. RtlGenRandom is the same system generator. */
#include <windows.h>
#include <ntsecapi.h>
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) {
    ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
    if (!RtlGenRandom(data, n)) return FALSE;
    data += n; len -= n;
  }
  return TRUE;
}
