// Messages of the siting workspace, under the `siting` namespace (t('siting.…')): Chinese first, English typed against it.
export const zhCN = {
  title: '',
}

export const en: typeof zhCN = {
  title: '',
}
