"""The social kit: what the owner posts and prints about each tip, event and testimonial.

Feeds reach auto-sharers; Instagram stories, WhatsApp status, the Google Business Profile and the
salon's counter take nothing from a feed. ``invoke kit`` writes, from the same Markdown files,
``kit/<section>/<slug>/`` with pictures (:mod:`.images`), captions and a Google post
(:mod:`.captions`), an A5 flyer per event and one A6 review card (:mod:`.printed`); the items come
from a real build (:mod:`.items`, :mod:`.make`); ``invoke serve`` shows them at ``/kit/``
(:mod:`.preview`).
"""
