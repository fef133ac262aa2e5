from django.urls import path

from . import feeds, views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/report.pdf", views.report_pdf, name="pdf"),
    path("promises/", views.promises, name="promises"),
    path("follow/", views.follow, name="follow"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("unsubscribe-all/<str:token>/", views.unsubscribe_all, name="unsubscribe_all"),
    path("subscriptions/", views.subscriptions, name="subscriptions"),
    path("subscriptions/<str:token>/", views.manage, name="manage"),
    path("calendar.ics", feeds.calendar, name="calendar"),
    path("feeds/all/rss/", feeds.SiteFeed(), name="feed_site_rss"),
    path("feeds/all/atom/", feeds.SiteAtomFeed(), name="feed_site_atom"),
    path("feeds/representatives/<int:pk>/rss/", feeds.PersonFeed(), name="feed_person_rss"),
    path("feeds/representatives/<int:pk>/atom/", feeds.PersonAtomFeed(), name="feed_person_atom"),
    path("feeds/parties/<int:pk>/rss/", feeds.GroupFeed(), name="feed_group_rss"),
    path("feeds/parties/<int:pk>/atom/", feeds.GroupAtomFeed(), name="feed_group_atom"),
    path("feeds/proposals/<int:pk>/rss/", feeds.ProposalFeed(), name="feed_proposal_rss"),
    path("feeds/proposals/<int:pk>/atom/", feeds.ProposalAtomFeed(), name="feed_proposal_atom"),
    path("feeds/topics/<int:pk>/rss/", feeds.TopicFeed(), name="feed_topic_rss"),
    path("feeds/topics/<int:pk>/atom/", feeds.TopicAtomFeed(), name="feed_topic_atom"),
]
