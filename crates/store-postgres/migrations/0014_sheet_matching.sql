-- A spreadsheet names records rather than giving their ids (decision 29): each imported row looks up
-- its organisations by Thai name, English name in any case or abbreviation, its programme by Thai
-- title, and matches an activity by its Thai title. Without these indexes every such lookup read the
-- whole table — at national scale a million activities for each activity row.
CREATE INDEX activities_title ON activities (title_th);
CREATE INDEX programmes_title ON programmes (title_th);
CREATE INDEX organizations_name_en ON organizations (lower(name_en));
CREATE INDEX organizations_abbreviation ON organizations (abbreviation);
