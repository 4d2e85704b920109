"""« Mes prochaines réunions » in « Mon espace » (colleges.my_space)."""

from colleges.my_space import Section, register_section


def _next_meetings(user) -> dict | None:
    from colleges.meetings.selectors import my_next_meetings

    registrations = my_next_meetings(user)
    return {"registrations": registrations} if registrations else None


register_section(Section("meetings", 25, "colleges/meetings/my_space.html", _next_meetings))
