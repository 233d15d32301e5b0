/** The renderers' own words (everything else comes from the form itself). */
export const formMessages = {
  'zh-CN': {
    form: {
      enter: '请输入', choose: '请选择', confirm: '确定', cancel: '取消', yes: '是', no: '否', date: '日期', time: '时间',
      locate: '获取当前位置', locateFailed: '无法获取位置，请手动填写经纬度或在地图上点选', lng: '经度', lat: '纬度',
      pickOnMap: '在地图上点选', mapLabel: '网格地图：点击选择位置', mapHint: '点击地图选择发生位置',
      uploadUnavailable: '照片上传服务暂不可用，照片未保存', loadFailed: '加载失败', noRenderer: '此字段暂无法显示',
    },
  },
  en: {
    form: {
      enter: 'Enter', choose: 'Choose', confirm: 'OK', cancel: 'Cancel', yes: 'Yes', no: 'No', date: 'Date', time: 'Time',
      locate: 'Use my location', locateFailed: 'No location from the device: type the coordinates or pick on the map', lng: 'Lng', lat: 'Lat',
      pickOnMap: 'Pick on the map', mapLabel: 'Map of the grids: tap to pick a place', mapHint: 'Tap the map where it happened',
      uploadUnavailable: 'Photo upload is not available: the photos were not saved', loadFailed: 'Could not load', noRenderer: 'This field cannot be shown yet',
    },
  },
} as const;
