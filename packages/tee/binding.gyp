# The optee backend's N-API addon (native/teec_addon.c) over libteec. scripts/build-native.mjs
# (npm run build:native) runs node-gyp on it. A plain `node-gyp rebuild` works too (npm runs one on
# install for any package holding a binding.gyp): it finds libteec the same way, by asking
# build-native.mjs, and builds nothing where libteec's header is absent.
{
  'variables': {
    # nested, so the conditions below can see it (gyp's idiom)
    'variables': {
      # 1: the tests' build (build-native.mjs --fake), which passes the two dirs itself
      'teec_fake%': 0,
    },
    'teec_fake%': '<(teec_fake)',
    'conditions': [
      ['teec_fake==0', {
        # where tee_client_api.h is ('' if nowhere), and libteec if not on the linker's path
        'teec_include_dir%': '<!(node scripts/build-native.mjs --find include)',
        'teec_lib_dir%': '<!(node scripts/build-native.mjs --find lib)',
      }],
    ],
  },
  'targets': [
    {
      'target_name': 'teec_addon',
      'conditions': [
        ['teec_include_dir==""', {
          'type': 'none',
        }, {
          'sources': ['native/teec_addon.c'],
          'include_dirs': ['<(teec_include_dir)'],
          'cflags': ['-std=c11', '-Wall', '-Wextra'],
          # the soname comes from the libteec found here: .so.1 or .so.2, never named
          'libraries': ['-lteec'],
          'conditions': [
            ['teec_lib_dir!=""', {
              'libraries': ['-L<(teec_lib_dir)'],
            }],
            # ours, so warnings fail it; the fake libteec ends up next to the addon
            ['teec_fake==1', {
              'cflags': ['-Werror'],
              'ldflags': ["-Wl,-rpath,'$$ORIGIN/lib'"],
            }],
          ],
        }],
      ],
    },
  ],
}
