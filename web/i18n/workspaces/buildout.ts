// Messages of the buildout workspace, under the `buildout` namespace (t('buildout.…')): Chinese first, English typed against it.
export const zhCN = {
  title: '',
}

export const en: typeof zhCN = {
  title: '',
}
